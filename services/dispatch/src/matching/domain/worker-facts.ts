import { businessDay, haversineKmOf } from '@platform/domain-kit';
import type { OrderSnapshot, WorkerFacts } from './decision-inputs';
import {
  clockMinutes,
  cstDayNumber,
  cstMinuteOfDay,
  cstWeekday,
  formatClock,
  toIso,
  toMillis,
  type BookedJob,
  type Leave,
  type OrderToDispatch,
  type WorkerStatus,
  type WorkerView,
} from './dispatch-view';
import { insideOneSlot, jobEnd, overlaps, toTheMetre } from './rule-checks';

// Workers and orders in prepared form, parsed once (the index keeps them) so that a decision does no
// date parsing, and the policy-free facts about a worker for an order that the hard rules judge.

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
  const end = jobEnd(start, Date.parse(snapshot.window.end), snapshot.expectedMinutes);
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

const minutes = (ms: number) => Math.round(ms) / MINUTE_MS;

/** Whether the job lies inside one of the worker's slots on its CST weekday. */
export function fitsWorkingHours(order: PreparedOrder, worker: PreparedWorker): boolean {
  const slots = worker.hours[order.weekday];
  return slots !== undefined && insideOneSlot(slots, order.startMinute, order.endMinute);
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
    if (overlaps(data[at + START]!, data[at + END]!, order.start, order.end) && ids[i] !== skip) return true;
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
    if (overlaps(start, end, order.start, order.end)) (overlapping ??= []).push(ids[i]!);
    else if (end <= order.start) {
      if (previous < 0 || end > data[previous * STRIDE + END]!) previous = i;
    } else if (next < 0) next = i; // by start: the first job after the order is the next one
  }
  const { lat, lng } = o.location;
  const previousKm =
    previous >= 0
      ? toTheMetre(haversineKmOf(data[previous * STRIDE + LAT]!, data[previous * STRIDE + LNG]!, lat, lng))
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
            distanceKm: toTheMetre(
              haversineKmOf(lat, lng, data[next * STRIDE + LAT]!, data[next * STRIDE + LNG]!),
            ),
          }
        : null,
    origin: fromPrevious ? 'previous_job' : 'home',
    distanceKm: fromPrevious
      ? previousKm
      : toTheMetre(haversineKmOf(worker.homeLat, worker.homeLng, lat, lng)),
    skillLevel: worker.skillLevel,
    rating: worker.rating,
  };
}
