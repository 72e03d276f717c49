import { activeWorker, orderPlaced } from '../../../test/dispatch-harness';
import { DispatchWorld } from './dispatch-world';

const at = '2026-06-01T08:00:00.000Z';
const feed = (world: DispatchWorld, events: { type: string; data: unknown }[]) =>
  events.forEach((e) => world.apply({ type: e.type, data: e.data, occurredAt: at }));
const orderId = '0b8f6c1e-0000-4000-8000-000000000001';

function world() {
  const w = new DispatchWorld();
  feed(w, [...activeWorker('w-1'), orderPlaced(orderId, '2026-06-02', 9)]);
  return w;
}

describe("dispatch's view of orders and workers, from events", () => {
  it('knows an active worker with their hours, items and areas, and the order with its district code', () => {
    const w = world();
    expect(w.workers.get('w-1')).toMatchObject({
      status: 'active',
      eligibleItems: ['HC-DAILY-3H'],
      serviceAreas: ['xuhui'],
      skillLevel: 3,
    });
    expect(w.workers.get('w-1')!.weeklyHours).toHaveLength(7);
    expect(w.order(orderId)).toMatchObject({ progress: 'placed', dispatch: { status: 'waiting' } });
  });

  it("books the worker's time while an offer is open, and frees it when it is declined", () => {
    const w = world();
    feed(w, [
      {
        type: 'OfferMade',
        data: { orderId, offerId: 'f-1', workerId: 'w-1', rank: 1, decisionId: 'd-1', expiresAt: at },
      },
    ]);
    expect(w.workers.get('w-1')!.jobs.map((j) => j.orderId)).toEqual([orderId]);
    expect(w.orderOfOffer('f-1')?.order.orderId).toBe(orderId);
    feed(w, [{ type: 'OfferDeclined', data: { orderId, offerId: 'f-1', workerId: 'w-1', reason: 'busy' } }]);
    expect(w.workers.get('w-1')!.jobs).toEqual([]);
  });

  it('keeps an assignment in the worker’s day, and lets it go when the order is cancelled', () => {
    const w = world();
    feed(w, [
      {
        type: 'TechnicianAssigned',
        data: { orderId, assignmentId: 'a-1', workerId: 'w-1', how: 'manual' },
      },
    ]);
    expect(w.order(orderId)!.dispatch).toMatchObject({ status: 'assigned', workerId: 'w-1', how: 'manual' });
    expect(w.upcomingJobsOf('w-1', new Date('2026-06-01T00:00:00Z')).map((o) => o.order.orderId)).toEqual([
      orderId,
    ]);
    feed(w, [{ type: 'OrderCancelled', data: { orderId, reason: 'moved', by: 'customer', late: false } }]);
    expect(w.workers.get('w-1')!.jobs).toEqual([]);
  });

  it('follows eligibility, leave and suspension, and applies an event twice without harm', () => {
    const w = world();
    const leave = {
      workerId: 'w-1',
      leaveId: '1b8f6c1e-0000-4000-8000-000000000002',
      kind: 'sick',
      from: '2026-06-02',
      to: '2026-06-03',
    };
    feed(w, [
      {
        type: 'WorkerBecameIneligible',
        data: { workerId: 'w-1', itemCode: 'HC-DAILY-3H', reasons: ['certificate_expired'] },
      },
      { type: 'LeaveRecorded', data: leave },
      { type: 'LeaveRecorded', data: leave },
      { type: 'WorkerSuspended', data: { workerId: 'w-1', reason: 'complaint' } },
    ]);
    expect(w.workers.get('w-1')).toMatchObject({
      eligibleItems: [],
      status: 'suspended',
      leaves: [{ from: '2026-06-02', to: '2026-06-03' }],
    });
    feed(w, [{ type: 'LeaveCancelled', data: { workerId: 'w-1', leaveId: leave.leaveId } }]);
    expect(w.workers.get('w-1')!.leaves).toEqual([]);
  });

  it("names the customer's regular worker on their next order, and the branch's policy once set", () => {
    const w = world();
    feed(w, [
      {
        type: 'RegularWorkerNamed',
        data: { customerId: 'c-1', itemCode: 'HC-DAILY-3H', workerId: 'w-1', stationId: 'sh-xuhui' },
      },
      orderPlaced('0b8f6c1e-0000-4000-8000-000000000003', '2026-06-02', 14),
    ]);
    expect(w.order('0b8f6c1e-0000-4000-8000-000000000003')!.order.regularWorkerId).toBe('w-1');
    expect(w.policyOf('shanghai').version).toBe(0);
  });

  it("keeps dispatch's events met before their order, and applies each stream position once", () => {
    const w = new DispatchWorld();
    const later = '0b8f6c1e-0000-4000-8000-000000000009';
    const stream = `assignment-${later}`;
    const offer = {
      orderId: later,
      offerId: 'f-9',
      workerId: 'w-1',
      rank: 1,
      decisionId: 'd-9',
      expiresAt: at,
    };
    feed(w, activeWorker('w-1'));
    // The dispatch topic was read ahead of the orders topic.
    w.apply({ type: 'OfferMade', data: offer, occurredAt: at, streamId: stream, streamPosition: 1 });
    feed(w, [orderPlaced(later, '2026-06-02', 9)]);
    expect(w.order(later)!.dispatch).toMatchObject({ status: 'offering', workerId: 'w-1', offerId: 'f-9' });
    w.apply({
      type: 'OfferDeclined',
      data: { orderId: later, offerId: 'f-9', workerId: 'w-1', reason: 'busy' },
      occurredAt: at,
      streamId: stream,
      streamPosition: 2,
    });
    // The offer comes back through Kafka after it was applied locally: it does not reopen it.
    w.apply({ type: 'OfferMade', data: offer, occurredAt: at, streamId: stream, streamPosition: 1 });
    expect(w.order(later)!.dispatch.offerId).toBeNull();
    expect(w.workers.get('w-1')!.jobs).toEqual([]);
  });

  it("scores a worker by their customers' stars once rated, a re-rating replacing the first", () => {
    const w = world();
    const rated = (order: string, workerId: string, stars: number) => ({
      type: 'JobRated',
      data: { orderId: order, workerId, stars },
    });
    const second = '0b8f6c1e-0000-4000-8000-000000000002';
    expect(w.workers.get('w-1')!.rating).toBeNull();
    feed(w, [rated(orderId, 'w-1', 5)]);
    // One five-star rating against an average worker's prior (3 stars, worth three ratings).
    expect(w.workers.get('w-1')!.rating).toBe(3.5);
    feed(w, [rated(second, 'w-1', 5), rated(orderId, 'w-1', 1)]);
    expect(w.workers.get('w-1')!.rating).toBe(3);
    // Rated before their application was read: the rating waits for the worker.
    feed(w, [rated(second, 'w-2', 5), ...activeWorker('w-2')]);
    expect(w.workers.get('w-2')!.rating).toBe(3.5);
    expect(w.workers.get('w-1')!.rating).toBe(2.5);
  });
});
