import { haversineKm } from '@platform/domain-kit';
import {
  capReached,
  insideOneSlot,
  jobEnd as endOfJob,
  minutesBetweenJobs,
  overlaps,
  toTheMetre,
} from '../../src/matching/domain/rule-checks';
import {
  toMs,
  type CityDayPlan,
  type GeoPoint,
  type HardRule,
  type PlanOrder,
  type PlanPolicy,
  type PlanWorker,
} from '../../src/planning/domain/city-day';

export type PlanDefect =
  | 'UNKNOWN_ORDER'
  | 'UNKNOWN_WORKER'
  | 'ASSIGNED_TWICE'
  | 'WRONG_TIMES'
  | 'NOT_ACCOUNTED_FOR'
  | 'WRONG_REASON'
  | 'COUNT_MISREPORTED'
  | 'TRAVEL_MISREPORTED';

export interface PlanViolation {
  rule: HardRule | PlanDefect;
  orderId?: string;
  workerId?: string;
  detail: string;
}

interface Stop {
  orderId: string | null;
  planned: boolean;
  start: number;
  end: number;
  at: GeoPoint;
}

const TOLERANCE_MS = 1;
// The planners measure on radians they computed once: allow for rounding against maxDistanceKm.
const TOLERANCE_KM = 1e-6;

/**
 * Every way a plan breaks the hard rules or misreports itself, from the plan's assignments alone:
 * written apart from the planners (no shared route code) so that it can catch them out. The rules
 * themselves are online dispatch's (matching/domain/rule-checks.ts), as the planners' are, by the
 * same codes.
 */
export function checkPlan(
  plan: CityDayPlan,
  orders: readonly PlanOrder[],
  workers: readonly PlanWorker[],
  policy: PlanPolicy,
): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const flag = (rule: PlanViolation['rule'], detail: string, orderId?: string, workerId?: string) =>
    violations.push({ rule, detail, ...(orderId ? { orderId } : {}), ...(workerId ? { workerId } : {}) });
  const orderById = new Map(orders.map((o) => [o.orderId, o]));
  const workerById = new Map(workers.map((w) => [w.workerId, w]));
  const gap = (a: Stop, b: Stop) =>
    a.end + minutesBetweenJobs(haversineKm(a.at, b.at), policy) * 60_000 - b.start;
  const maxKm = policy.maxDistanceKm ?? Infinity;
  // How far beyond reach a planned stop is from `from` (home or the stop before); ≤ 0 within it.
  const beyond = (from: GeoPoint, stop: Stop) =>
    stop.planned ? toTheMetre(haversineKm(from, stop.at)) - maxKm : -Infinity;
  const daysOf = new Map<string, Stop[]>();
  const dayOf = (worker: PlanWorker): Stop[] => {
    let stops = daysOf.get(worker.workerId);
    if (!stops) daysOf.set(worker.workerId, (stops = existingStops(worker)));
    return stops;
  };

  const assignedTo = new Map<string, string>();
  for (const job of plan.assignments) {
    const order = orderById.get(job.orderId);
    const worker = workerById.get(job.workerId);
    if (!order) flag('UNKNOWN_ORDER', `no open order ${job.orderId}`, job.orderId, job.workerId);
    if (!worker) flag('UNKNOWN_WORKER', `no worker ${job.workerId}`, job.orderId, job.workerId);
    if (!order || !worker) continue;
    if (assignedTo.has(job.orderId)) {
      flag('ASSIGNED_TWICE', `also given to ${assignedTo.get(job.orderId)}`, job.orderId, job.workerId);
      continue;
    }
    assignedTo.set(job.orderId, job.workerId);
    const start = toMs(order.window.start);
    const end = jobEnd(order);
    if (job.start !== start || job.end !== end) {
      flag(
        'WRONG_TIMES',
        `booked ${job.start}–${job.end}, the order asks ${start}–${end}`,
        job.orderId,
        job.workerId,
      );
    }
    for (const rule of ownRules(order, worker)) flag(rule, `worker fails ${rule}`, job.orderId, job.workerId);
    dayOf(worker).push({ orderId: order.orderId, planned: true, start, end, at: order.location });
  }

  let travelKm = 0;
  for (const [workerId, stops] of daysOf) {
    const worker = workerById.get(workerId)!;
    stops.sort((a, b) => a.start - b.start);
    const planned = stops.filter((s) => s.planned).length;
    if (stops.length > worker.dailyCap) {
      flag('daily_cap_reached', `${stops.length} jobs, cap ${worker.dailyCap}`, undefined, workerId);
    }
    stops.forEach((stop, k) => {
      const prev = stops[k - 1];
      if (prev && (prev.planned || stop.planned) && gap(prev, stop) > TOLERANCE_MS) {
        flag(
          'slot_taken',
          `${stop.orderId ?? 'an existing job'} starts ${Math.ceil(gap(prev, stop) / 60_000)} min too early after ${prev.orderId ?? 'an existing job'}`,
          (stop.planned ? stop.orderId : prev.orderId) ?? undefined,
          workerId,
        );
      }
      const from = prev?.at ?? worker.home;
      if (beyond(from, stop) > TOLERANCE_KM) {
        flag(
          'too_far',
          `${haversineKm(from, stop.at).toFixed(3)} km from ${prev ? (prev.orderId ?? 'an existing job') : 'home'}, the limit is ${maxKm} km`,
          stop.orderId ?? undefined,
          workerId,
        );
      }
    });
    if (planned > 0) travelKm += routeKm(worker, stops);
  }
  for (const worker of workers) {
    if (!daysOf.has(worker.workerId) && worker.existingJobs.length > 0) {
      travelKm += routeKm(
        worker,
        existingStops(worker).sort((a, b) => a.start - b.start),
      );
    }
  }

  const unassigned = new Map(plan.unassigned.map((u) => [u.orderId, u]));
  for (const order of orders) {
    const given = assignedTo.has(order.orderId);
    const left = unassigned.get(order.orderId);
    if (!given && !left)
      flag('NOT_ACCOUNTED_FOR', 'neither assigned nor listed as unassigned', order.orderId);
    if (given && left) flag('NOT_ACCOUNTED_FOR', 'both assigned and listed as unassigned', order.orderId);
    if (given || !left) continue;
    // Reach is not a rule of the worker's own (a planned job before it may bring them within reach).
    const candidates = workers.filter(
      (w) => ownRules(order, w).length === 0 && fitsBetween(order, existingStops(w), gap, TOLERANCE_MS),
    );
    if (left.reason === 'NO_CANDIDATE' && candidates.length > 0) {
      flag(
        'WRONG_REASON',
        `said no candidate; ${candidates[0]!.workerId} passes every rule of their own`,
        order.orderId,
      );
    }
    if (left.reason === 'NO_ROOM' && candidates.length === 0) {
      flag('WRONG_REASON', 'said no room, but no worker passes the rules of their own', order.orderId);
    }
    const hasRoom = (w: PlanWorker, slackMs: number, slackKm: number) =>
      (daysOf.get(w.workerId)?.length ?? w.existingJobs.length) < w.dailyCap &&
      fitsBetween(
        order,
        daysOf.get(w.workerId) ?? existingStops(w),
        gap,
        slackMs,
        (from, stop) => beyond(from ?? w.home, stop) <= slackKm,
      );
    const room = candidates.find((w) => hasRoom(w, -TOLERANCE_MS, -TOLERANCE_KM));
    if (room && left.reason !== 'LEFT_OUT_TO_SAVE_TRAVEL') {
      flag(
        'WRONG_REASON',
        `said ${left.reason}, yet ${room.workerId} has room for it`,
        order.orderId,
        room.workerId,
      );
    }
    if (
      left.reason === 'LEFT_OUT_TO_SAVE_TRAVEL' &&
      !candidates.some((w) => hasRoom(w, TOLERANCE_MS, TOLERANCE_KM))
    ) {
      flag('WRONG_REASON', 'said left out to save travel, but nobody has room for it', order.orderId);
    }
  }
  for (const u of plan.unassigned) {
    if (!orderById.has(u.orderId))
      flag('UNKNOWN_ORDER', `listed unassigned, but no open order ${u.orderId}`, u.orderId);
  }

  if (plan.assignedCount !== assignedTo.size) {
    flag('COUNT_MISREPORTED', `says ${plan.assignedCount} assigned, has ${assignedTo.size}`);
  }
  if (Math.abs(plan.travelKm - travelKm) > 1e-6 * Math.max(1, travelKm)) {
    flag('TRAVEL_MISREPORTED', `says ${plan.travelKm} km, the routes make ${travelKm} km`);
  }
  return violations;
}

/** The rules a worker fails for an order regardless of the plan (existing jobs included). */
function ownRules(order: PlanOrder, worker: PlanWorker): HardRule[] {
  const failed: HardRule[] = [];
  const start = toMs(order.window.start);
  const until = jobEnd(order);
  const shifts = worker.shifts.flatMap((s) => [toMs(s.start), toMs(s.end)]);
  if (!worker.eligibleItems.includes(order.itemCode)) failed.push('not_eligible_for_item');
  if (!worker.serviceAreas.includes(order.district)) failed.push('outside_service_area');
  if (!insideOneSlot(shifts, start, until)) failed.push('outside_working_hours');
  if ((worker.leave ?? []).some((l) => overlaps(toMs(l.start), toMs(l.end), start, until)))
    failed.push('on_leave');
  if (capReached(worker.existingJobs.length, worker.dailyCap)) failed.push('daily_cap_reached');
  return failed;
}

/** As online dispatch books it. */
const jobEnd = (order: PlanOrder): number =>
  endOfJob(toMs(order.window.start), toMs(order.window.end), order.durationMinutes);

function existingStops(worker: PlanWorker): Stop[] {
  return worker.existingJobs.map((job) => ({
    orderId: job.orderId ?? null,
    planned: false,
    start: toMs(job.start),
    end: toMs(job.end),
    at: job.location,
  }));
}

/**
 * Whether the order's job fits between the stops (drive and buffer included), within `slackMs`, and
 * `inReach` of its legs: from the stop before (undefined: home) to it, and from it to the next.
 */
function fitsBetween(
  order: PlanOrder,
  stops: Stop[],
  gap: (a: Stop, b: Stop) => number,
  slackMs: number,
  inReach: (from: GeoPoint | undefined, stop: Stop) => boolean = () => true,
): boolean {
  const start = toMs(order.window.start);
  const mine: Stop = { orderId: order.orderId, planned: true, start, end: jobEnd(order), at: order.location };
  const sorted = [...stops].sort((a, b) => a.start - b.start);
  const prev = sorted.filter((s) => s.start <= start).at(-1);
  const next = sorted.find((s) => s.start > start);
  return (
    (!prev || gap(prev, mine) <= slackMs) &&
    (!next || gap(mine, next) <= slackMs) &&
    inReach(prev?.at, mine) &&
    (!next || inReach(mine.at, next))
  );
}

function routeKm(worker: PlanWorker, stops: Stop[]): number {
  let at = worker.home;
  let km = 0;
  for (const stop of stops) {
    km += haversineKm(at, stop.at);
    at = stop.at;
  }
  return km;
}
