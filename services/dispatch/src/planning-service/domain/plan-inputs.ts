import type { DispatchPolicy, OrderToDispatch, WorkerView } from '../../matching';
import { cstWeekday } from '../../matching/domain/dispatch-view';
import { requiredGroups } from '../../matching/domain/hard-rules';
import { prepareWorker, snapshotOrder } from '../../matching/domain/worker-facts';
import type { PlanOrder, PlanPolicy, PlanWorker } from '../../planning';
import { businessDay, businessDayStart } from '@platform/domain-kit';

/**
 * A branch's day in the planner's terms. The planner knows items, areas, hours, leave, existing
 * jobs and the daily cap; routing rules are folded into the item a worker must be qualified for
 * (`ITEM@group+group`), so a smart-home order can only go to the smart-home group. Only active
 * workers of the branch take part. `maxDistanceKm` is the policy's reach, for the plan's policy: the
 * planner holds every planned job to it, as online dispatch does.
 */
export function planInputs(
  branchId: string,
  open: readonly OrderToDispatch[],
  workers: readonly WorkerView[],
  policy: DispatchPolicy,
  day: string,
): { orders: PlanOrder[]; workers: PlanWorker[]; maxDistanceKm: NonNullable<PlanPolicy['maxDistanceKm']> } {
  const routed = new Map<string, string[]>();
  const orders = open.map((order): PlanOrder => {
    const groups = requiredGroups(snapshotOrder(order), policy)
      .map((g) => g.group)
      .sort();
    const itemCode = groups.length ? `${order.itemCode}@${groups.join('+')}` : order.itemCode;
    if (groups.length) routed.set(itemCode, [order.itemCode, ...groups]);
    const start = new Date(order.window.start).getTime();
    return {
      orderId: order.orderId,
      itemCode,
      district: order.district,
      location: order.location,
      window: { start, end: new Date(order.window.end).getTime() },
      durationMinutes: order.expectedMinutes,
    };
  });
  const midnight = businessDayStart(day).getTime();
  const weekday = cstWeekday(midnight);
  const onLeave = (w: WorkerView) => w.leaves.some((l) => l.from <= day && day <= l.to);
  const planWorkers = workers
    .filter((w) => w.status === 'active' && w.branchId === branchId)
    .map((w): PlanWorker => {
      const eligible = new Set(w.eligibleItems);
      const routedItems = [...routed]
        .filter(([, [item, ...groups]]) => eligible.has(item!) && groups.every((g) => w.groups.includes(g)))
        .map(([key]) => key);
      const existingJobs = w.jobs
        .filter(
          (j) =>
            businessDay(new Date(j.start).getTime()) === day && !open.some((o) => o.orderId === j.orderId),
        )
        .map((j) => ({
          start: new Date(j.start),
          end: new Date(j.end),
          location: j.location,
          orderId: j.orderId,
        }));
      // The day's slots as online dispatch reads them (worker-facts.ts): touching ones merged.
      const slots = onLeave(w) ? [] : (prepareWorker(w).hours[weekday] ?? []);
      return {
        workerId: w.workerId,
        home: w.homeLocation,
        eligibleItems: [...w.eligibleItems, ...routedItems],
        serviceAreas: w.serviceAreas,
        shifts: Array.from({ length: slots.length / 2 }, (_, k) => ({
          start: midnight + slots[2 * k]! * 60_000,
          end: midnight + slots[2 * k + 1]! * 60_000,
        })),
        dailyCap: policy.dailyJobCap,
        existingJobs,
      };
    });
  return {
    orders,
    workers: planWorkers.filter((w) => w.shifts.length > 0),
    maxDistanceKm: policy.maxDistanceKm,
  };
}
