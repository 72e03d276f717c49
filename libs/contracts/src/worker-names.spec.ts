import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { allEvents } from './all-events';
import { EventCatalog } from './event-catalog';

const catalog = new EventCatalog(allEvents);
const orderId = randomUUID();
const assignmentId = randomUUID();
const envelope = (type: string, schemaVersion: number, data: unknown) => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  streamId: `assignment-${orderId}`,
  streamPosition: 3,
  occurredAt: '2026-11-23T09:00:00.000Z',
  recordedAt: '2026-11-23T09:00:00.010Z',
  correlationId: 'c-1',
  causationId: null,
  actor: { kind: 'system' as const, id: 'dispatch' },
  data,
});

/** Every property name a JSON Schema declares, however deeply nested. */
function propertyNames(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Object.keys((schema as { properties?: object }).properties ?? {});
  return [...own, ...Object.values(schema).flatMap(propertyNames)];
}

// v1 of these events carried a `workerName` that dispatch filled with the worker id (dispatch holds
// no names: they are workforce's personal data). v2 names workers by id; the graph resolves names.
describe('events name workers by id, never by a name that is really an id', () => {
  it('reads a v1 TechnicianAssigned as v2 without the workerName', () => {
    const v1 = { orderId, assignmentId, workerId: 'w-7', workerName: 'w-7', how: 'manual', reason: '熟客' };
    const read = catalog.read(envelope('TechnicianAssigned', 1, v1));
    expect(read?.schemaVersion).toBe(2);
    expect(read?.data).toEqual({ orderId, assignmentId, workerId: 'w-7', how: 'manual', reason: '熟客' });
  });

  it('reads a v1 OrderAssigned as v2 without the workerName', () => {
    const read = catalog.read(
      envelope('OrderAssigned', 1, { orderId, assignmentId, workerId: 'w-7', workerName: 'w-7' }),
    );
    expect(read?.schemaVersion).toBe(2);
    expect(read?.data).toEqual({ orderId, assignmentId, workerId: 'w-7' });
  });

  it("reads a v1 DispatchDecided as v2 without the candidates' workerName, keeping their order", () => {
    const ranked = ['w-1', 'w-2'].map((workerId, i) => ({
      workerId,
      workerName: workerId,
      offerId: randomUUID(),
      score: 0.9 - i / 10,
    }));
    const v1 = { orderId, decisionId: randomUUID(), policy: 'shanghai@1', ranked, ruledOut: [], moreRuledOut: 0 };
    const read = catalog.read(envelope('DispatchDecided', 1, v1));
    expect(read?.schemaVersion).toBe(2);
    expect(read?.data).toEqual({
      ...v1,
      ranked: ranked.map(({ workerId, offerId, score }) => ({ workerId, offerId, score })),
    });
  });

  it('still refuses a v1 event whose data is bad, naming the field', () => {
    expect(() =>
      catalog.read(envelope('TechnicianAssigned', 1, { orderId, assignmentId, workerId: 'w-7', how: 'auto' })),
    ).toThrow('data.workerName');
  });

  it('has no latest event version with a workerName, so no producer can fill one with an id again', () => {
    const latest = [...new Set(allEvents.map((d) => d.type))].map((type) => catalog.latest(type)!);
    const naming = latest.filter((d) =>
      propertyNames(z.toJSONSchema(d.schema, { io: 'input', unrepresentable: 'any' })).includes('workerName'),
    );
    expect(naming.map((d) => `${d.type} v${d.version}`)).toEqual([]);
  });
});
