import { EARTH_RADIUS_KM } from '@platform/domain-kit';
import {
  capReached,
  insideOneSlot,
  jobEnd,
  minutesBetweenJobs,
  overlaps,
  tooFar,
} from '../../matching/domain/rule-checks';
import {
  toMs,
  type ExistingJob,
  type HardRule,
  type PlanOrder,
  type PlanPolicy,
  type PlanWorker,
} from './city-day';

// The compiled day that greedy dispatch, the planner and the exact model share: every job a node,
// distances at hand, and online dispatch's hard rules (matching/domain/rule-checks.ts) on nodes.

const MINUTE_MS = 60_000;
const RAD = Math.PI / 180;

/**
 * The compiled day. Nodes are numbered: orders [0, n), existing jobs [n, n + m), homes
 * [n + m, n + m + workers). A job holds its worker from `start` to `end`.
 */
export interface Day {
  orders: readonly PlanOrder[];
  workers: readonly PlanWorker[];
  policy: PlanPolicy;
  n: number;
  m: number;
  workerCount: number;
  lat: Float64Array;
  lng: Float64Array;
  cosLat: Float64Array;
  start: Float64Array;
  end: Float64Array;
  /** By worker: the shifts as [start, end, start, end, …]. */
  shiftsOf: Float64Array[];
  /** policy.maxDistanceKm, Infinity without one. */
  maxKm: number;
  /** Existing-job nodes of each worker, by start. */
  existingOf: number[][];
  /** The existing job of node n + k, at k. */
  existingJobs: ExistingJob[];
  /** dailyCap less the existing jobs. */
  capLeft: Int32Array;
  /** 1 where worker w passes every rule of its own for order o: at index w * n + o. */
  fits: Uint8Array;
  workersOf: Int32Array[];
  ordersOf: Int32Array[];
  /** Nodes in all. */
  size: number;
  /** Every distance, for days small enough (a 2,000-order, 300-worker day takes 43 MB). */
  matrix: Float64Array | null;
}

const MATRIX_NODES = 3000;

export const homeNode = (day: Day, w: number): number => day.n + day.m + w;
export const isOrderNode = (day: Day, node: number): boolean => node < day.n;

export function distKm(day: Day, a: number, b: number): number {
  if (day.matrix) return day.matrix[a * day.size + b]!;
  return haversineNodes(day, a, b);
}

function haversineNodes(day: Day, a: number, b: number): number {
  const dLat = day.lat[b]! - day.lat[a]!;
  const dLng = day.lng[b]! - day.lng[a]!;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + day.cosLat[a]! * day.cosLat[b]! * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether job b can follow job a in one worker's day (slot_taken): a's end, the drive and the buffer
 * before b's start.
 */
export function canFollow(day: Day, a: number, b: number): boolean {
  return (day.start[b]! - day.end[a]!) / MINUTE_MS >= minutesBetweenJobs(distKm(day, a, b), day.policy);
}

/**
 * Whether a worker may drive from a (home or a job) to b as far as reach goes: b is an existing job
 * (booked already, not re-checked) or within maxDistanceKm of a.
 */
export function reaches(day: Day, a: number, b: number): boolean {
  return !isOrderNode(day, b) || !tooFar(distKm(day, a, b), day.maxKm);
}

/** The rules a worker fails for an order on their own, before any plan: item, area, hours, leave, existing jobs. */
export function ownRulesFailed(day: Day, w: number, o: number): HardRule[] {
  const order = day.orders[o]!;
  const worker = day.workers[w]!;
  const from = day.start[o]!;
  const to = day.end[o]!;
  const failed: HardRule[] = [];
  if (!worker.eligibleItems.includes(order.itemCode)) failed.push('not_eligible_for_item');
  if (!worker.serviceAreas.includes(order.district)) failed.push('outside_service_area');
  if (!insideOneSlot(day.shiftsOf[w]!, from, to)) failed.push('outside_working_hours');
  if ((worker.leave ?? []).some((l) => overlaps(toMs(l.start), toMs(l.end), from, to)))
    failed.push('on_leave');
  const clash = day.existingOf[w]!.some((e) =>
    day.start[e]! <= day.start[o]! ? !canFollow(day, e, o) : !canFollow(day, o, e),
  );
  if (clash) failed.push('slot_taken');
  if (capReached(worker.existingJobs.length, worker.dailyCap)) failed.push('daily_cap_reached');
  return failed;
}

export function compileDay(
  orders: readonly PlanOrder[],
  workers: readonly PlanWorker[],
  policy: PlanPolicy,
): Day {
  const n = orders.length;
  const m = workers.reduce((sum, w) => sum + w.existingJobs.length, 0);
  const size = n + m + workers.length;
  const lat = new Float64Array(size);
  const lng = new Float64Array(size);
  const start = new Float64Array(size).fill(-Infinity);
  const end = new Float64Array(size).fill(-Infinity);
  const seen = new Set<string>();
  orders.forEach((order, o) => {
    if (seen.has(order.orderId)) throw new Error(`order ${order.orderId} is listed twice`);
    seen.add(order.orderId);
    lat[o] = order.location.lat * RAD;
    lng[o] = order.location.lng * RAD;
    start[o] = toMs(order.window.start);
    end[o] = jobEnd(start[o]!, toMs(order.window.end), order.durationMinutes);
  });
  const existingOf: number[][] = [];
  const existingJobs: ExistingJob[] = [];
  let next = n;
  workers.forEach((worker, w) => {
    const nodes: number[] = [];
    for (const job of worker.existingJobs) {
      lat[next] = job.location.lat * RAD;
      lng[next] = job.location.lng * RAD;
      start[next] = toMs(job.start);
      end[next] = toMs(job.end);
      existingJobs.push(job);
      nodes.push(next++);
    }
    nodes.sort((a, b) => start[a]! - start[b]!);
    existingOf.push(nodes);
    lat[n + m + w] = worker.home.lat * RAD;
    lng[n + m + w] = worker.home.lng * RAD;
  });
  const day: Day = {
    orders,
    workers,
    policy,
    n,
    m,
    workerCount: workers.length,
    lat,
    lng,
    cosLat: lat.map(Math.cos),
    start,
    end,
    shiftsOf: workers.map((w) => Float64Array.from(w.shifts.flatMap((s) => [toMs(s.start), toMs(s.end)]))),
    maxKm: policy.maxDistanceKm ?? Infinity,
    existingOf,
    existingJobs,
    capLeft: Int32Array.from(workers, (w) => w.dailyCap - w.existingJobs.length),
    fits: new Uint8Array(workers.length * n),
    workersOf: [],
    ordersOf: [],
    size,
    matrix: null,
  };
  if (size <= MATRIX_NODES) {
    const matrix = new Float64Array(size * size);
    for (let a = 0; a < size; a++) {
      for (let b = a + 1; b < size; b++) {
        matrix[a * size + b] = matrix[b * size + a] = haversineNodes(day, a, b);
      }
    }
    day.matrix = matrix;
  }
  const workersOf: number[][] = orders.map(() => []);
  for (let w = 0; w < workers.length; w++) {
    const mine: number[] = [];
    const worker = workers[w]!;
    const items = new Set(worker.eligibleItems);
    const areas = new Set(worker.serviceAreas);
    for (let o = 0; o < n; o++) {
      // The two cheap rules first: most pairs fail one of them.
      if (!items.has(orders[o]!.itemCode) || !areas.has(orders[o]!.district)) continue;
      if (ownRulesFailed(day, w, o).length > 0) continue;
      day.fits[w * n + o] = 1;
      mine.push(o);
      workersOf[o]!.push(w);
    }
    day.ordersOf.push(Int32Array.from(mine));
  }
  day.workersOf = workersOf.map((ws) => Int32Array.from(ws));
  return day;
}

/**
 * Whether b may come straight after a in w's day (a = w's home or a job): later and reachable in
 * time, within maxDistanceKm when b is an order, and not passing one of w's existing jobs, which
 * every day must visit. `rank` is existingRank for w.
 */
export function mayFollow(
  day: Day,
  w: number,
  a: number,
  b: number,
  rank: (node: number) => number,
): boolean {
  if (a === homeNode(day, w)) return rank(b) === 0 && reaches(day, a, b);
  if (day.start[a]! >= day.start[b]!) return false;
  const aOrder = isOrderNode(day, a);
  const bOrder = isOrderNode(day, b);
  // An order of rank k lies between existing jobs k - 1 and k; existing job k has rank k.
  if (aOrder) {
    if (rank(a) !== rank(b)) return false;
  } else if (rank(b) !== rank(a) + 1) return false;
  return aOrder || bOrder ? canFollow(day, a, b) && reaches(day, a, b) : true;
}

/** For an order: how many of w's existing jobs start before it; for an existing job: its place among them. */
export function existingRanks(day: Day, w: number): (node: number) => number {
  const existing = day.existingOf[w]!;
  return (node) => {
    if (!isOrderNode(day, node)) return existing.indexOf(node);
    let k = 0;
    while (k < existing.length && day.start[existing[k]!]! < day.start[node]!) k++;
    return k;
  };
}
