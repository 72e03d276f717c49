import {
  WEEKDAY_NAMES,
  assertPolicy,
  clockMinutes,
  cstDayNumber,
  cstMinuteOfDay,
  cstWeekday,
  formatClock,
  toIso,
  toMillis,
  travelMinutes,
  type BookedJob,
  type DispatchPolicy,
  type GeoPoint,
  type Instant,
  type Leave,
  type OrderToDispatch,
  type WorkerStatus,
  type WorkerView,
} from './dispatch-view';
import type { StationLoad } from './scoring';
import { businessDay, haversineKmOf } from '@platform/domain-kit';

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

export const RULE_CODES = [
  'wrong_branch',
  'not_active',
  'not_eligible_for_item',
  'outside_service_area',
  'routing_group',
  'outside_working_hours',
  'on_leave',
  'daily_cap_reached',
  'slot_taken',
  'too_far',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleFailure {
  code: RuleCode;
  message: string;
}

/** The order as recorded in a decision: JSON, instants as ISO strings. */
export interface OrderSnapshot {
  orderId: string;
  branchId: string;
  itemCode: string;
  businessUnit: OrderToDispatch['businessUnit'];
  productCategory: string | null;
  location: GeoPoint;
  district: string;
  window: { start: string; end: string };
  expectedMinutes: number;
  customerId: string;
  regularWorkerId: string | null;
}

/** A booked job next to the order in the worker's schedule. */
export interface NeighbourJob {
  orderId: string;
  /** Between that job's end and the order's start (previous), or the order's end and its start (next). */
  gapMinutes: number;
  distanceKm: number;
}

/**
 * What dispatch knew about one worker for one order; no policy involved. JSON, and deliberately
 * free of personal data (no name): decisions are kept for audits, the console looks names up.
 * Distances are rounded to the metre.
 */
export interface WorkerFacts {
  workerId: string;
  stationId: string;
  branchId: string;
  status: WorkerStatus;
  eligibleForItem: boolean;
  servesDistrict: boolean;
  groups: string[];
  /** The worker's slots on the job's CST weekday, `HH:MM-HH:MM`. */
  workingHours: string[];
  withinWorkingHours: boolean;
  /** A leave covering a day of the job. */
  leave: Leave | null;
  /** Jobs the worker holds starting on the job's CST day, the order itself not counted. */
  jobsThatDay: number;
  /** Booked jobs overlapping the job. */
  overlapping: string[];
  previousJob: NeighbourJob | null;
  nextJob: NeighbourJob | null;
  /** Where the worker comes from: the previous job when it is on the same CST day, else home. */
  origin: 'home' | 'previous_job';
  distanceKm: number;
  skillLevel: number;
  rating: number | null;
}

/** An eligible worker, with the facts they were scored on. */
export type Candidate = WorkerFacts;

export interface Rejection {
  workerId: string;
  failed: RuleFailure[];
}

/**
 * Workers the index did not examine, counted under the first of these rules they fail, in this
 * order. Each of these rules fails whatever the policy, so none of these workers could be offered
 * the order under any policy, and a replay loses nothing by their absence.
 */
export interface ExclusionSummary {
  total: number;
  wrong_branch: number;
  not_eligible_for_item: number;
  outside_service_area: number;
  not_active: number;
  outside_working_hours: number;
  on_leave: number;
  /** Here: a booked job overlaps the job (travel and buffer aside, so no policy can undo it). */
  slot_taken: number;
}

export const NO_EXCLUSIONS: ExclusionSummary = Object.freeze({
  total: 0,
  wrong_branch: 0,
  not_eligible_for_item: 0,
  outside_service_area: 0,
  not_active: 0,
  outside_working_hours: 0,
  on_leave: 0,
  slot_taken: 0,
});

/** Everything a decision was made from, policy aside. JSON: store it, replay it. */
export interface DecisionInputs {
  order: OrderSnapshot;
  /** When the decision was made (the `now` passed in). */
  at: string;
  /** Every worker examined, by workerId. */
  considered: WorkerFacts[];
  /** Load of the stations of the workers considered. */
  stationLoads: Record<string, StationLoad>;
  excludedByIndex: ExclusionSummary;
}

export interface CandidateSet {
  policy: DispatchPolicy;
  inputs: DecisionInputs;
  /** By workerId; ranking.ts orders them. */
  eligible: Candidate[];
  /** By workerId. */
  rejected: Rejection[];
}

// ---------------------------------------------------------------------------------------------
// Prepared forms: parsed once (the index keeps them), so a decision does no date parsing.

export interface PreparedOrder {
  snapshot: OrderSnapshot;
  start: number;
  /** End of the job: the window's end or start + expectedMinutes, whichever is later. */
  end: number;
  day: string;
  /** CST days since 1970-01-01 of `day`. */
  dayNumber: number;
  lastDay: string;
  weekday: number;
  startMinute: number;
  /** Minutes after the start day's midnight; beyond 1440 when the job runs past midnight. */
  endMinute: number;
  /** Workers known to hold a job for this order (the index knows); undefined: any may. */
  heldBy?: ReadonlySet<string>;
}

/** Fields of one booked job in `PreparedWorker.jobData`. */
const START = 0;
const END = 1;
const DAY = 2;
const LAT = 3;
const LNG = 4;
const STRIDE = 5;

/**
 * A worker laid out for fast examination: a decision touches hundreds to a few thousand of them,
 * so jobs are packed in one array of numbers (no pointer chasing per job) and days are numbers.
 */
export interface PreparedWorker {
  view: WorkerView;
  // The view's fields a decision reads, copied here so that examining a worker touches little memory.
  workerId: string;
  stationId: string;
  branchId: string;
  status: WorkerStatus;
  homeLat: number;
  homeLng: number;
  skillLevel: number;
  rating: number | null;
  groups: readonly string[];
  /** null when none. */
  leaves: readonly Leave[] | null;
  items: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  /** By ISO weekday: merged slots as [from, to, from, to, …] minutes since midnight. */
  hours: readonly (readonly number[] | undefined)[];
  /** By ISO weekday: the same slots as `HH:MM-HH:MM`. */
  hourLabels: readonly (readonly string[] | undefined)[];
  /** Booked jobs by start, STRIDE numbers each: start, end (epoch ms), CST day number, lat, lng. */
  jobData: readonly number[];
  jobOrderIds: readonly string[];
}

/** CST day numbers of a worker's booked jobs, in `jobData` order. */
export function jobDays(worker: PreparedWorker): number[] {
  const days: number[] = [];
  for (let i = 0; i < worker.jobOrderIds.length; i++) days.push(worker.jobData[i * STRIDE + DAY]!);
  return days;
}

const MINUTE_MS = 60_000;

export function snapshotOrder(order: OrderToDispatch | OrderSnapshot): OrderSnapshot {
  return {
    orderId: order.orderId,
    branchId: order.branchId,
    itemCode: order.itemCode,
    businessUnit: order.businessUnit,
    productCategory: order.productCategory ?? null,
    location: { lat: order.location.lat, lng: order.location.lng },
    district: order.district,
    window: {
      start: toIso(toMillis(order.window.start)),
      end: toIso(toMillis(order.window.end)),
    },
    expectedMinutes: order.expectedMinutes,
    customerId: order.customerId,
    regularWorkerId: order.regularWorkerId ?? null,
  };
}

export function prepareOrder(order: OrderToDispatch | OrderSnapshot): PreparedOrder {
  const snapshot = snapshotOrder(order);
  const start = Date.parse(snapshot.window.start);
  const end = Math.max(Date.parse(snapshot.window.end), start + snapshot.expectedMinutes * MINUTE_MS);
  if (!(end > start)) throw new RangeError(`order ${order.orderId}: the job must end after it starts`);
  const startMinute = cstMinuteOfDay(start);
  return {
    snapshot,
    start,
    end,
    day: businessDay(start),
    dayNumber: cstDayNumber(start),
    lastDay: businessDay(end - 1),
    weekday: cstWeekday(start),
    startMinute,
    endMinute: startMinute + (end - start) / MINUTE_MS,
  };
}

export function prepareWorker(view: WorkerView): PreparedWorker {
  const byDay: { from: number; to: number }[][] = [];
  for (const slot of view.weeklyHours) {
    (byDay[slot.weekday] ??= []).push({ from: clockMinutes(slot.from), to: clockMinutes(slot.to) });
  }
  const hours: (number[] | undefined)[] = [];
  const hourLabels: (string[] | undefined)[] = [];
  byDay.forEach((slots, weekday) => {
    slots.sort((a, b) => a.from - b.from);
    const merged: { from: number; to: number }[] = [];
    for (const slot of slots) {
      const last = merged[merged.length - 1];
      if (last && slot.from <= last.to) last.to = Math.max(last.to, slot.to);
      else merged.push({ ...slot });
    }
    hours[weekday] = merged.flatMap((s) => [s.from, s.to]);
    hourLabels[weekday] = merged.map((s) => `${formatClock(s.from)}-${formatClock(s.to)}`);
  });
  return {
    view,
    workerId: view.workerId,
    stationId: view.stationId,
    branchId: view.branchId,
    status: view.status,
    homeLat: view.homeLocation.lat,
    homeLng: view.homeLocation.lng,
    skillLevel: view.skillLevel,
    rating: view.rating ?? null,
    groups: view.groups,
    leaves: view.leaves.length > 0 ? view.leaves : null,
    items: new Set(view.eligibleItems),
    areas: new Set(view.serviceAreas),
    hours,
    hourLabels,
    ...packJobs(view.jobs),
  };
}

/** The same worker with one more booked job (whose orderId they do not hold yet). */
export function withJobAdded(worker: PreparedWorker, job: BookedJob): PreparedWorker {
  const start = toMillis(job.start);
  const ids = worker.jobOrderIds;
  const data = worker.jobData;
  let i = 0;
  while (
    i < ids.length &&
    (data[i * STRIDE]! < start || (data[i * STRIDE] === start && ids[i]! < job.orderId))
  )
    i++;
  return {
    ...worker,
    view: { ...worker.view, jobs: [...worker.view.jobs, job] },
    jobData: [
      ...data.slice(0, i * STRIDE),
      start,
      toMillis(job.end),
      cstDayNumber(start),
      job.location.lat,
      job.location.lng,
      ...data.slice(i * STRIDE),
    ],
    jobOrderIds: [...ids.slice(0, i), job.orderId, ...ids.slice(i)],
  };
}

/** The same worker without their jobs for an order, and the CST day numbers those jobs were on. */
export function withoutJob(
  worker: PreparedWorker,
  orderId: string,
): { worker: PreparedWorker; days: number[] } {
  const days: number[] = [];
  const jobData: number[] = [];
  const jobOrderIds: string[] = [];
  worker.jobOrderIds.forEach((id, i) => {
    const fields = worker.jobData.slice(i * STRIDE, (i + 1) * STRIDE);
    if (id === orderId) days.push(fields[DAY]!);
    else {
      jobData.push(...fields);
      jobOrderIds.push(id);
    }
  });
  const view = { ...worker.view, jobs: worker.view.jobs.filter((j) => j.orderId !== orderId) };
  return { worker: { ...worker, view, jobData, jobOrderIds }, days };
}

function packJobs(jobs: readonly BookedJob[]): Pick<PreparedWorker, 'jobData' | 'jobOrderIds'> {
  const sorted = jobs
    .map((job) => ({ job, start: toMillis(job.start), end: toMillis(job.end) }))
    .sort(
      (a, b) =>
        a.start - b.start || (a.job.orderId < b.job.orderId ? -1 : a.job.orderId > b.job.orderId ? 1 : 0),
    );
  const jobData = sorted.flatMap(({ job, start, end }) => [
    start,
    end,
    cstDayNumber(start),
    job.location.lat,
    job.location.lng,
  ]);
  return { jobData, jobOrderIds: sorted.map(({ job }) => job.orderId) };
}

const metres = (km: number) => Math.round(km * 1000) / 1000;
const minutes = (ms: number) => Math.round(ms) / MINUTE_MS;

/** Whether the job lies inside one of the worker's slots on its CST weekday. */
export function fitsWorkingHours(order: PreparedOrder, worker: PreparedWorker): boolean {
  const slots = worker.hours[order.weekday];
  if (!slots) return false;
  for (let i = 0; i < slots.length; i += 2) {
    if (slots[i]! <= order.startMinute && order.endMinute <= slots[i + 1]!) return true;
  }
  return false;
}

/** The first of the worker's leaves covering a CST day of the job. */
export function leaveDuring(order: PreparedOrder, worker: PreparedWorker): Leave | null {
  if (worker.leaves === null) return null;
  for (const l of worker.leaves) if (l.from <= order.lastDay && l.to >= order.day) return l;
  return null;
}

/** Whether one of the worker's booked jobs (other than this order) overlaps the job. */
export function overlapsBooking(order: PreparedOrder, worker: PreparedWorker): boolean {
  const skip = ownBooking(order, worker);
  const data = worker.jobData;
  const ids = worker.jobOrderIds;
  for (let i = 0, at = 0; i < ids.length; i++, at += STRIDE) {
    if (data[at + START]! < order.end && data[at + END]! > order.start && ids[i] !== skip) return true;
  }
  return false;
}

/** The orderId to skip among the worker's jobs: their own booking of this very order, if they may hold one. */
function ownBooking(order: PreparedOrder, worker: PreparedWorker): string | undefined {
  const heldBy = order.heldBy;
  if (heldBy === undefined) return order.snapshot.orderId;
  return heldBy.size > 0 && heldBy.has(worker.workerId) ? order.snapshot.orderId : undefined;
}

/**
 * The policy-free facts about one worker for one order. `matched`: the caller already knows the
 * worker is qualified for the item and serves the district (the index looked them up by those).
 */
export function examineWorker(order: PreparedOrder, worker: PreparedWorker, matched = false): WorkerFacts {
  const o = order.snapshot;
  const skip = ownBooking(order, worker);
  const data = worker.jobData;
  const ids = worker.jobOrderIds;
  let jobsThatDay = 0;
  let overlapping: string[] | undefined;
  let previous = -1;
  let next = -1;
  for (let i = 0, at = 0; i < ids.length; i++, at += STRIDE) {
    if (skip !== undefined && ids[i] === skip) continue;
    const start = data[at + START]!;
    const end = data[at + END]!;
    if (data[at + DAY] === order.dayNumber) jobsThatDay++;
    if (start < order.end && end > order.start) (overlapping ??= []).push(ids[i]!);
    else if (end <= order.start) {
      if (previous < 0 || end > data[previous * STRIDE + END]!) previous = i;
    } else if (next < 0) next = i; // by start: the first job after the order is the next one
  }
  const { lat, lng } = o.location;
  const previousKm =
    previous >= 0
      ? metres(haversineKmOf(data[previous * STRIDE + LAT]!, data[previous * STRIDE + LNG]!, lat, lng))
      : 0;
  const fromPrevious = previous >= 0 && data[previous * STRIDE + DAY] === order.dayNumber;
  return {
    workerId: worker.workerId,
    stationId: worker.stationId,
    branchId: worker.branchId,
    status: worker.status,
    eligibleForItem: matched || worker.items.has(o.itemCode),
    servesDistrict: matched || worker.areas.has(o.district),
    groups: worker.groups as string[],
    workingHours: (worker.hourLabels[order.weekday] ?? []) as string[],
    withinWorkingHours: fitsWorkingHours(order, worker),
    leave: leaveDuring(order, worker),
    jobsThatDay,
    overlapping: overlapping ?? [],
    previousJob:
      previous >= 0
        ? {
            orderId: ids[previous]!,
            gapMinutes: minutes(order.start - data[previous * STRIDE + END]!),
            distanceKm: previousKm,
          }
        : null,
    nextJob:
      next >= 0
        ? {
            orderId: ids[next]!,
            gapMinutes: minutes(data[next * STRIDE + START]! - order.end),
            distanceKm: metres(
              haversineKmOf(lat, lng, data[next * STRIDE + LAT]!, data[next * STRIDE + LNG]!),
            ),
          }
        : null,
    origin: fromPrevious ? 'previous_job' : 'home',
    distanceKm: fromPrevious ? previousKm : metres(haversineKmOf(worker.homeLat, worker.homeLng, lat, lng)),
    skillLevel: worker.skillLevel,
    rating: worker.rating,
  };
}

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
  const travel = (distanceKm: number) =>
    travelMinutes(distanceKm, policy.travelSpeedKmh) + policy.bufferMinutes;
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
    if (f.jobsThatDay >= policy.dailyJobCap) {
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
    if (f.distanceKm > policy.maxDistanceKm) {
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
