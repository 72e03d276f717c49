import type {
  Candidate,
  CandidateSet,
  DecisionInputs,
  ExclusionSummary,
  OrderSnapshot,
  Rejection,
  WorkerFacts,
} from './decision-inputs';
import { NO_EXCLUSIONS } from './decision-inputs';
import {
  WEEKDAY_NAMES,
  assertPolicy,
  formatClock,
  toIso,
  toMillis,
  type DispatchPolicy,
  type Instant,
  type OrderToDispatch,
  type WorkerView,
} from './dispatch-view';
import { capReached, minutesBetweenJobs, tooFar, type RuleFailure } from './rule-checks';
import type { StationLoad } from './scoring';
import {
  examineWorker,
  jobDays,
  prepareOrder,
  prepareWorker,
  type PreparedOrder,
  type PreparedWorker,
} from './worker-facts';

/**
 * Hard rules: who may be offered an order at all. Every rule is evaluated for every worker
 * examined and every failure is recorded, so a dispatcher sees all the reasons, not the first.
 *
 * The job of the order occupies [window.start, max(window.end, window.start + expectedMinutes)]:
 * "the job" below. Days and hours are China Standard Time. A worker's booking of the very order
 * being dispatched (a reschedule, a re-offer) is ignored by every rule.
 *
 * - wrong_branch: the worker belongs to another branch.
 * - not_active: the worker is an applicant, suspended or has left.
 * - not_eligible_for_item: the worker has not qualified for the order's service item.
 * - outside_service_area: the worker does not serve the order's district.
 * - routing_group: a routing rule of the policy matches the order (its product category or item)
 *   and the worker is not in the group it demands; all matching rules apply.
 * - outside_working_hours: the job does not fit inside one of the worker's weekly slots on the
 *   job's CST weekday (touching slots count as one; a job may end exactly when the slot ends).
 * - on_leave: a leave covers a CST day the job touches (leave days are inclusive).
 * - daily_cap_reached: the worker already holds dailyJobCap jobs starting on the job's CST day.
 * - slot_taken: a booked job overlaps the job, or the previous job (latest to end at or before the
 *   job's start, any day) leaves less than travel time to the order's address plus bufferMinutes,
 *   or the next job (first to start at or after the job's end) starts sooner than travel time
 *   from the order's address plus bufferMinutes. Travel time = haversine km ÷ travelSpeedKmh.
 * - too_far: the order's address is more than maxDistanceKm from where the worker comes from:
 *   the previous job if it starts on the same CST day, else home.
 *
 * Rules are applied to `WorkerFacts`, which do not depend on the policy, so a recorded decision can
 * be re-evaluated under another policy (ranking.ts `replay`).
 */

const km = (x: number) => `${x.toFixed(1)} km`;

/** The groups the policy's routing rules demand for an order, each with why. */
export function requiredGroups(
  order: OrderSnapshot,
  policy: DispatchPolicy,
): { group: string; because: string }[] {
  const out: { group: string; because: string }[] = [];
  for (const rule of policy.routingRules) {
    const byCategory = rule.productCategory !== undefined;
    const byItem = rule.itemCode !== undefined;
    if (!byCategory && !byItem) continue;
    if (byCategory && rule.productCategory !== order.productCategory) continue;
    if (byItem && rule.itemCode !== order.itemCode) continue;
    if (out.some((r) => r.group === rule.group)) continue;
    const because = byCategory ? `${rule.productCategory} orders` : `orders for item ${rule.itemCode}`;
    out.push({ group: rule.group, because });
  }
  return out;
}

/** A checker of the hard rules for one order under one policy (what can be, is worked out once). */
export function hardRules(
  order: PreparedOrder,
  policy: DispatchPolicy,
): (facts: WorkerFacts) => RuleFailure[] {
  const o = order.snapshot;
  const routing = requiredGroups(o, policy);
  const jobText = `the job ${WEEKDAY_NAMES[order.weekday]} ${order.day} ${formatClock(order.startMinute)}-${formatClock(order.endMinute)} CST`;
  const travel = (distanceKm: number) => minutesBetweenJobs(distanceKm, policy);
  const travelText = (distanceKm: number) =>
    `${km(distanceKm)} at ${policy.travelSpeedKmh} km/h + ${policy.bufferMinutes} min buffer`;

  return (f) => {
    const failed: RuleFailure[] = [];
    if (f.branchId !== o.branchId) {
      failed.push({
        code: 'wrong_branch',
        message: `belongs to branch ${f.branchId}, the order is in ${o.branchId}`,
      });
    }
    if (f.status !== 'active') {
      failed.push({ code: 'not_active', message: `is ${f.status}, not active` });
    }
    if (!f.eligibleForItem) {
      failed.push({ code: 'not_eligible_for_item', message: `is not qualified for item ${o.itemCode}` });
    }
    if (!f.servesDistrict) {
      failed.push({ code: 'outside_service_area', message: `does not serve district ${o.district}` });
    }
    const missing = routing.filter((r) => !f.groups.includes(r.group));
    if (missing.length > 0) {
      failed.push({
        code: 'routing_group',
        message: missing.map((r) => `is not in the ${r.group} group, which ${r.because} go to`).join('; '),
      });
    }
    if (!f.withinWorkingHours) {
      failed.push({
        code: 'outside_working_hours',
        message:
          f.workingHours.length === 0
            ? `does not work on ${WEEKDAY_NAMES[order.weekday]}s; ${jobText}`
            : `works ${f.workingHours.join(', ')} that day; ${jobText} is outside them`,
      });
    }
    if (f.leave) {
      failed.push({ code: 'on_leave', message: `is on leave from ${f.leave.from} to ${f.leave.to}` });
    }
    if (capReached(f.jobsThatDay, policy.dailyJobCap)) {
      failed.push({
        code: 'daily_cap_reached',
        message: `already holds ${f.jobsThatDay} jobs on ${order.day} (CST); the daily cap is ${policy.dailyJobCap}`,
      });
    }
    const clashes: string[] = [];
    if (f.overlapping.length > 0) clashes.push(`overlaps job ${f.overlapping.join(', ')}`);
    const prev = f.previousJob;
    if (prev && prev.gapMinutes < travel(prev.distanceKm)) {
      clashes.push(
        `has ${Math.floor(prev.gapMinutes)} min from the end of job ${prev.orderId}, needs ${Math.ceil(travel(prev.distanceKm))} (${travelText(prev.distanceKm)})`,
      );
    }
    const next = f.nextJob;
    if (next && next.gapMinutes < travel(next.distanceKm)) {
      clashes.push(
        `has ${Math.floor(next.gapMinutes)} min to get to job ${next.orderId}, needs ${Math.ceil(travel(next.distanceKm))} (${travelText(next.distanceKm)})`,
      );
    }
    if (clashes.length > 0) failed.push({ code: 'slot_taken', message: clashes.join('; ') });
    if (tooFar(f.distanceKm, policy.maxDistanceKm)) {
      const from = f.origin === 'home' ? 'home' : `job ${f.previousJob?.orderId}`;
      failed.push({
        code: 'too_far',
        message: `is ${km(f.distanceKm)} away coming from ${from}; the limit is ${policy.maxDistanceKm} km`,
      });
    }
    return failed;
  };
}

/** Every failing hard rule of one worker for one order. */
export function hardRuleFailures(
  order: OrderToDispatch | OrderSnapshot,
  facts: WorkerFacts,
  policy: DispatchPolicy,
): RuleFailure[] {
  return hardRules(prepareOrder(order), policy)(facts);
}

/**
 * One worker against one order, every rule: for the console's "why not this worker?" about a
 * worker the index did not examine (decisions only count those).
 */
export function explainWorker(
  order: OrderToDispatch | OrderSnapshot,
  worker: WorkerView,
  policy: DispatchPolicy,
): { facts: WorkerFacts; failed: RuleFailure[] } {
  const o = prepareOrder(order);
  const facts = examineWorker(o, prepareWorker(worker));
  return { facts, failed: hardRules(o, policy)(facts) };
}

/** Applies the policy's hard rules to recorded inputs: the eligible and the rejected, by workerId. */
export function applyHardRules(inputs: DecisionInputs, policy: DispatchPolicy): CandidateSet {
  assertPolicy(policy);
  const check = hardRules(prepareOrder(inputs.order), policy);
  const eligible: Candidate[] = [];
  const rejected: Rejection[] = [];
  for (const facts of inputs.considered) {
    const failed = check(facts);
    if (failed.length === 0) eligible.push(facts);
    else rejected.push({ workerId: facts.workerId, failed });
  }
  return { policy, inputs, eligible, rejected };
}

const byWorkerId = (a: { workerId: string }, b: { workerId: string }) =>
  a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0;

/** A station's load from its active workers' job counts that day (workers without jobs may be left out). */
export function stationLoadOf(activeWorkers: number, counts: Iterable<number>): StationLoad {
  let withJobs = 0;
  let min = Infinity;
  let max = 0;
  for (const c of counts) {
    if (c <= 0) continue;
    withJobs++;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { activeWorkers, minJobs: withJobs < activeWorkers || withJobs === 0 ? 0 : min, maxJobs: max };
}

/** Builds the inputs and applies the rules; shared by the brute-force scan and the index. */
export function examine(
  order: PreparedOrder,
  workers: Iterable<PreparedWorker>,
  matched: boolean,
  stationLoads: Record<string, StationLoad>,
  excludedByIndex: ExclusionSummary,
  policy: DispatchPolicy,
  now: Instant,
): CandidateSet {
  assertPolicy(policy);
  const considered: WorkerFacts[] = [];
  for (const worker of workers) considered.push(examineWorker(order, worker, matched));
  considered.sort(byWorkerId);
  const inputs: DecisionInputs = {
    order: order.snapshot,
    at: toIso(toMillis(now)),
    considered,
    stationLoads,
    excludedByIndex: { ...excludedByIndex },
  };
  return applyHardRules(inputs, policy);
}

/**
 * The candidates for an order among `workers`, examining every one of them (no index): the
 * reference the `WorkerIndex` is checked against, and fine for a few hundred workers.
 */
export function candidates(
  order: OrderToDispatch,
  workers: readonly WorkerView[],
  policy: DispatchPolicy,
  now: Instant,
): CandidateSet {
  const o = prepareOrder(order);
  const seen = new Set<string>();
  const prepared: PreparedWorker[] = [];
  for (const view of workers) {
    if (seen.has(view.workerId)) continue;
    seen.add(view.workerId);
    prepared.push(prepareWorker(view));
  }
  const perStation = new Map<string, { active: number; counts: number[] }>();
  for (const w of prepared) {
    const tally = perStation.get(w.view.stationId) ?? { active: 0, counts: [] };
    perStation.set(w.view.stationId, tally);
    if (w.view.status !== 'active') continue;
    tally.active++;
    const days = jobDays(w);
    tally.counts.push(
      days.filter((day, i) => day === o.dayNumber && w.jobOrderIds[i] !== o.snapshot.orderId).length,
    );
  }
  const stationLoads: Record<string, StationLoad> = {};
  for (const stationId of [...perStation.keys()].sort()) {
    const tally = perStation.get(stationId)!;
    stationLoads[stationId] = stationLoadOf(tally.active, tally.counts);
  }
  return examine(o, prepared, false, stationLoads, NO_EXCLUSIONS, policy, now);
}
