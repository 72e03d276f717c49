import type {
  DispatchPolicy,
  Instant,
  OrderToDispatch,
  WorkerView,
} from '../../src/matching/domain/dispatch-view';
import { cst, east, order, worker } from './matching.fixtures';
import { decide, type Decision } from '../../src/matching/domain/ranking';

/** Weights with only the named components counting. */
export const weightsOnly = (w: Partial<DispatchPolicy['weights']>): DispatchPolicy['weights'] => ({
  distance: 0,
  regularWorker: 0,
  loadBalance: 0,
  rating: 0,
  skill: 0,
  ...w,
});

/** One station, three housekeepers at 0.5, 3 and 5 km from Xujiahui. */
export const xujiahuiStation = (): WorkerView[] => [
  worker('wkr-a', { homeLocation: east(0.5) }),
  worker('wkr-b', { homeLocation: east(3) }),
  worker('wkr-c', { homeLocation: east(5) }),
];

/** A one-hour clean in Xujiahui on Monday 2 June 2025, starting at `from` (HH:MM). */
export function oneHourClean(from: string, orderId?: string): OrderToDispatch {
  const to = `${String(Number(from.slice(0, 2)) + 1).padStart(2, '0')}:00`;
  return order({
    ...(orderId ? { orderId } : {}),
    window: { start: cst(`2025-06-02T${from}`), end: cst(`2025-06-02T${to}`) },
    expectedMinutes: 60,
  });
}

/**
 * Dispatches orders one after another the way the service does: each order's first choice is
 * booked before the next order is decided, so later decisions see the load the earlier ones made.
 */
export function dispatchInTurn(
  workers: WorkerView[],
  orders: [OrderToDispatch, Instant][],
  p: DispatchPolicy,
): Decision[] {
  const booked = new Map(workers.map((w) => [w.workerId, { ...w, jobs: [...w.jobs] }]));
  return orders.map(([o, decidedAt]) => {
    const decision = decide(o, [...booked.values()], p, decidedAt);
    const first = decision.ranked[0];
    if (first)
      booked.get(first.workerId)!.jobs.push({ ...o.window, orderId: o.orderId, location: o.location });
    return decision;
  });
}
