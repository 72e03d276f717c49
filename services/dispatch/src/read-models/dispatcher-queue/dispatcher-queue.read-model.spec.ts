import type { EventEnvelope } from '@platform/contracts';
import { dispatcherQueue, type OrderQueue } from './dispatcher-queue.read-model';

const orderId = '0b8f6c1e-0000-4000-8000-000000000001';
let position = 0;
const event = (type: string, data: Record<string, unknown>, occurredAt: string): EventEnvelope =>
  ({
    type,
    data: { orderId, ...data },
    occurredAt,
    streamId: `dispatcher-queue-${orderId}`,
    streamPosition: position++,
  }) as EventEnvelope;
const raised = (itemId: string, kind: string, details: Record<string, unknown>, at: string) =>
  event('QueueItemRaised', { itemId, branchId: 'shanghai', kind, details }, at);
const fold = (...events: EventEnvelope[]) =>
  events.reduce<OrderQueue | null>((queue, e) => dispatcherQueue.evolve(queue, e, orderId), null);

describe("the dispatcher's queue read model", () => {
  it('keeps one open item per kind, with the latest details, but every SLA breach', () => {
    const queue = fold(
      raised('failed:e-1', 'dispatch_failed', { reasons: ['first'] }, '2030-06-01T08:00:00.000Z'),
      raised('failed:e-2', 'dispatch_failed', { reasons: ['second'] }, '2030-06-01T09:00:00.000Z'),
      raised('sla:e-3', 'sla_breached', { kind: 'accept' }, '2030-06-01T09:30:00.000Z'),
      raised('sla:e-4', 'sla_breached', { kind: 'arrive' }, '2030-06-01T10:00:00.000Z'),
    );
    expect(queue?.items.map((i) => [i.itemId, i.details])).toEqual([
      ['failed:e-1', { reasons: ['second'] }],
      ['sla:e-3', { kind: 'accept' }],
      ['sla:e-4', { kind: 'arrive' }],
    ]);
  });

  it("resolves what waited for a worker when the order gets one, and a dispatcher's item by its id", () => {
    const queue = fold(
      raised('off:e-1', 'auto_dispatch_off', { message: 'assign by hand' }, '2030-06-01T08:00:00.000Z'),
      raised('sla:e-2', 'sla_breached', { kind: 'accept' }, '2030-06-01T08:30:00.000Z'),
      event('TechnicianAssigned', { workerId: 'w-1', how: 'manual' }, '2030-06-01T09:00:00.000Z'),
      event(
        'QueueItemResolved',
        { itemId: 'sla:e-2', resolution: 'd-1: called' },
        '2030-06-01T09:10:00.000Z',
      ),
    );
    expect(queue?.items.map((i) => [i.itemId, i.resolvedAt, i.resolution])).toEqual([
      ['off:e-1', '2030-06-01T09:00:00.000Z', 'assigned to w-1 (manual)'],
      ['sla:e-2', '2030-06-01T09:10:00.000Z', 'd-1: called'],
    ]);
  });

  it('counts an item read after the assignment that followed it as resolved by it', () => {
    const queue = fold(
      raised('off:e-1', 'auto_dispatch_off', {}, '2030-06-01T08:00:00.000Z'),
      event('TechnicianAssigned', { workerId: 'w-1', how: 'auto' }, '2030-06-01T09:00:00.000Z'),
      raised('released:e-2', 'released', { workerId: 'w-2' }, '2030-06-01T08:30:00.000Z'),
    );
    expect(queue?.items.find((i) => i.itemId === 'released:e-2')).toMatchObject({
      resolvedAt: '2030-06-01T09:00:00.000Z',
      resolution: 'assigned to w-1 (auto)',
    });
  });

  it('keeps no document for an order that got a worker without ever needing a dispatcher', () => {
    expect(
      fold(event('TechnicianAssigned', { workerId: 'w-1', how: 'auto' }, '2030-06-01T09:00:00.000Z')),
    ).toBeNull();
  });
});
