// The city-day problem: its input (the service maps its view onto these), the plan it produces, the
// hard rules, and the compiled form that greedy dispatch, the planner and the exact model share.
// The hard rules are online dispatch's (matching/domain/hard-rules.ts): the job holds the worker
// from its window's start to the window's end or the end of its duration, whichever is later. A
// day's route starts at home and does not return (the way home is not counted); the trip to the
// first job is the worker's commute, outside working hours. No planned job is farther than
// maxDistanceKm from where its worker comes from (the previous stop, else home). See ../README.md.

import { EARTH_RADIUS_KM } from '@platform/domain-kit';

export type Instant = number | Date;

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Interval {
  start: Instant;
  end: Instant;
}

export interface PlanOrder {
  orderId: string;
  itemCode: string;
  district: string;
  location: GeoPoint;
  /** The appointment window: the job holds the worker from its start to max(its end, start + duration). */
  window: Interval;
  durationMinutes: number;
}

export interface ExistingJob extends Interval {
  location: GeoPoint;
  orderId?: string;
}

export interface PlanWorker {
  workerId: string;
  home: GeoPoint;
  eligibleItems: readonly string[];
  serviceAreas: readonly string[];
  /** Working hours on that day, as instants (China Standard Time already applied). */
  shifts: readonly Interval[];
  /** Jobs a day may hold, the existing ones included. */
  dailyCap: number;
  /** Jobs already booked that day: fixed stops of the route. */
  existingJobs: readonly ExistingJob[];
  /** Leave that day; a worker on leave all day can also be given no shifts. */
  leave?: readonly Interval[];
}

export interface PlanPolicy {
  travelSpeedKmh: number;
  /** Slack after travelling, before the next job. */
  bufferMinutes: number;
  /**
   * Online dispatch's reach (too_far): no planned job farther than this from where its worker comes
   * from, the previous stop of the day (existing or planned) or else home. Absent: no limit. Legs into
   * existing jobs are not held to it: they are booked already, and online dispatch does not re-check them.
   */
  maxDistanceKm?: number;
}

/** The rules of online dispatch's candidate filter, one stable code each. */
export type HardRule =
  | 'NOT_ELIGIBLE_FOR_ITEM'
  | 'AREA_NOT_SERVED'
  | 'OUTSIDE_WORKING_HOURS'
  | 'ON_LEAVE'
  | 'SLOT_TAKEN'
  | 'DAILY_CAP_REACHED'
  /** The job is farther than maxDistanceKm from where the worker would come from. */
  | 'TOO_FAR';

export interface PlannedJob {
  orderId: string;
  workerId: string;
  start: number;
  end: number;
}

export interface RouteStop {
  /** null for an existing job without an order id. */
  orderId: string | null;
  existing: boolean;
  start: number;
  end: number;
  /** From the previous stop, or from home for the first one. */
  travelKm: number;
}

export interface WorkerRoute {
  workerId: string;
  stops: RouteStop[];
  travelKm: number;
}

/**
 * NO_CANDIDATE: every worker fails a rule of their own (item, area, hours, leave, or an existing
 * job in the way). NO_ROOM: some could take it, but in this plan each is full, busy then, or would
 * come from farther than maxDistanceKm (TOO_FAR depends on the stop before, so it is never a rule of
 * the worker's own: another planned job could bring them within reach).
 * LEFT_OUT_TO_SAVE_TRAVEL: someone has room, but a 'least-travel' plan chose to leave it out.
 */
export interface UnassignedOrder {
  orderId: string;
  reason: 'NO_CANDIDATE' | 'NO_ROOM' | 'LEFT_OUT_TO_SAVE_TRAVEL';
  /** How many workers fail each rule (a worker can fail several). */
  workersFailing: Partial<Record<HardRule, number>>;
}

export interface CityDayPlan {
  assignments: PlannedJob[];
  unassigned: UnassignedOrder[];
  /** Workers with at least one stop, existing jobs included. */
  routes: WorkerRoute[];
  assignedCount: number;
  /** Sum of the routes: home to the first stop, then stop to stop. */
  travelKm: number;
}

export const toMs = (instant: Instant): number => (typeof instant === 'number' ? instant : instant.getTime());

const RAD = Math.PI / 180;

export const travelMs = (km: number, policy: PlanPolicy): number => (km / policy.travelSpeedKmh) * 3_600_000;

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
  msPerKm: number;
  bufferMs: number;
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

/** Whether job b can follow job a in one worker's day: a's end, the drive and the buffer before b's start. */
export function canFollow(day: Day, a: number, b: number): boolean {
  return day.end[a]! + distKm(day, a, b) * day.msPerKm + day.bufferMs <= day.start[b]!;
}

/**
 * Whether a worker may drive from a (home or a job) to b as far as reach goes: b is an existing job
 * (booked already, not re-checked) or within maxDistanceKm of a.
 */
export function reaches(day: Day, a: number, b: number): boolean {
  return !isOrderNode(day, b) || distKm(day, a, b) <= day.maxKm;
}

/** The rules a worker fails for an order on their own, before any plan: item, area, hours, leave, existing jobs. */
export function ownRulesFailed(day: Day, w: number, o: number): HardRule[] {
  const order = day.orders[o]!;
  const worker = day.workers[w]!;
  const failed: HardRule[] = [];
  if (!worker.eligibleItems.includes(order.itemCode)) failed.push('NOT_ELIGIBLE_FOR_ITEM');
  if (!worker.serviceAreas.includes(order.district)) failed.push('AREA_NOT_SERVED');
  const from = day.start[o]!;
  const to = day.end[o]!;
  if (!worker.shifts.some((s) => toMs(s.start) <= from && to <= toMs(s.end)))
    failed.push('OUTSIDE_WORKING_HOURS');
  if ((worker.leave ?? []).some((l) => toMs(l.start) < to && from < toMs(l.end))) failed.push('ON_LEAVE');
  const clash = day.existingOf[w]!.some((e) =>
    day.start[e]! <= day.start[o]! ? !canFollow(day, e, o) : !canFollow(day, o, e),
  );
  if (clash) failed.push('SLOT_TAKEN');
  if (day.capLeft[w]! <= 0) failed.push('DAILY_CAP_REACHED');
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
    end[o] = Math.max(start[o]! + order.durationMinutes * 60_000, toMs(order.window.end));
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
    msPerKm: travelMs(1, policy),
    bufferMs: policy.bufferMinutes * 60_000,
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
 * Routes being built: each worker's stops (existing and planned job nodes) by start. Shared by
 * greedy dispatch, the planner and the exact model's answer.
 */
export class Routes {
  readonly stops: number[][];
  readonly owner: Int32Array;
  readonly planned: Int32Array;
  readonly km: Float64Array;
  assigned = 0;
  /** While set, the days as they were before their first change: what rollback() restores. */
  private journal: Map<number, { stops: number[]; km: number }> | null = null;

  constructor(readonly day: Day) {
    this.stops = day.existingOf.map((nodes) => [...nodes]);
    this.owner = new Int32Array(day.n).fill(-1);
    this.planned = new Int32Array(day.workerCount);
    this.km = Float64Array.from(this.stops, (_, w) => this.routeKm(w));
  }

  totalKm(): number {
    let sum = 0;
    for (let w = 0; w < this.km.length; w++) sum += this.km[w]!;
    return sum;
  }

  routeKm(w: number): number {
    const stops = this.stops[w]!;
    let prev = homeNode(this.day, w);
    let sum = 0;
    for (const node of stops) {
      sum += distKm(this.day, prev, node);
      prev = node;
    }
    return sum;
  }

  /** Where order o would go in w's day: the index of the first stop starting after it. */
  position(w: number, o: number): number {
    const stops = this.stops[w]!;
    const s = this.day.start[o]!;
    let lo = 0;
    let hi = stops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.day.start[stops[mid]!]! <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Added km of giving order o to worker w, or NaN when a rule forbids it. */
  insertionKm(w: number, o: number): number {
    const day = this.day;
    if (!day.fits[w * day.n + o] || this.planned[w]! >= day.capLeft[w]!) return NaN;
    return this.blockedBy(w, o) === null ? this.addedKm(w, o) : NaN;
  }

  /** What keeps order o out of w's day where it would go, the cap aside: a stop in the way in time, reach, or nothing. */
  blockedBy(w: number, o: number): 'SLOT_TAKEN' | 'TOO_FAR' | null {
    const day = this.day;
    const stops = this.stops[w]!;
    const at = this.position(w, o);
    const prev = at > 0 ? stops[at - 1]! : homeNode(day, w);
    const next = stops[at];
    if ((at > 0 && !canFollow(day, prev, o)) || (next !== undefined && !canFollow(day, o, next)))
      return 'SLOT_TAKEN';
    // o's own leg, and the next planned job's, which would now come from o.
    if (!reaches(day, prev, o) || (next !== undefined && !reaches(day, o, next))) return 'TOO_FAR';
    return null;
  }

  private addedKm(w: number, o: number): number {
    const day = this.day;
    const stops = this.stops[w]!;
    const at = this.position(w, o);
    const prev = at > 0 ? stops[at - 1]! : homeNode(day, w);
    if (at === stops.length) return distKm(day, prev, o);
    const next = stops[at]!;
    return distKm(day, prev, o) + distKm(day, o, next) - distKm(day, prev, next);
  }

  /**
   * Whether planned order o can be taken out of its worker's day and leave it valid: the next stop,
   * if a planned job, must be within reach of the one before o (time is never a problem: the
   * triangle inequality).
   */
  removable(o: number): boolean {
    const day = this.day;
    const w = this.owner[o]!;
    const stops = this.stops[w]!;
    const at = stops.indexOf(o);
    const next = stops[at + 1];
    return next === undefined || reaches(day, at > 0 ? stops[at - 1]! : homeNode(day, w), next);
  }

  /** The km saved by taking planned order o out of its worker's day. */
  removalKm(o: number): number {
    const day = this.day;
    const w = this.owner[o]!;
    const stops = this.stops[w]!;
    const at = stops.indexOf(o);
    const prev = at > 0 ? stops[at - 1]! : homeNode(day, w);
    if (at === stops.length - 1) return distKm(day, prev, o);
    const next = stops[at + 1]!;
    return distKm(day, prev, o) + distKm(day, o, next) - distKm(day, prev, next);
  }

  /** Gives o to w; the caller has checked insertionKm. */
  insert(w: number, o: number, addedKm = this.insertionKm(w, o)): void {
    this.save(w);
    this.stops[w]!.splice(this.position(w, o), 0, o);
    this.owner[o] = w;
    this.planned[w]!++;
    this.km[w]! += addedKm;
    this.assigned++;
  }

  remove(o: number): void {
    const w = this.owner[o]!;
    this.save(w);
    const savedKm = this.removalKm(o);
    const stops = this.stops[w]!;
    stops.splice(stops.indexOf(o), 1);
    this.owner[o] = -1;
    this.planned[w]!--;
    this.km[w]! -= savedKm;
    this.assigned--;
  }

  /** Replaces w's day with the given stops (existing ones included, by start); their orders must be free or w's. */
  setRoute(w: number, stops: number[], km?: number): void {
    this.save(w);
    this.clear(w);
    let planned = 0;
    for (const node of stops) {
      if (isOrderNode(this.day, node)) {
        this.owner[node] = w;
        planned++;
      }
    }
    this.stops[w] = stops;
    this.planned[w] = planned;
    this.assigned += planned;
    this.km[w] = km ?? this.routeKm(w);
  }

  private clear(w: number): void {
    for (const node of this.stops[w]!) if (isOrderNode(this.day, node)) this.owner[node] = -1;
    this.assigned -= this.planned[w]!;
    this.planned[w] = 0;
    this.stops[w] = [];
  }

  /** Sets several days at once: orders may move between them. */
  setRoutes(days: Map<number, { stops: number[]; km: number }>): void {
    for (const w of days.keys()) this.clear(w);
    for (const [w, day] of days) this.setRoute(w, [...day.stops], day.km);
  }

  /** Starts recording changes, so that they can be undone. */
  begin(): void {
    this.journal = new Map();
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const journal = this.journal;
    this.journal = null;
    if (journal) this.setRoutes(journal);
  }

  private save(w: number): void {
    if (this.journal && !this.journal.has(w))
      this.journal.set(w, { stops: [...this.stops[w]!], km: this.km[w]! });
  }

  snapshot(): { stops: number[][]; km: Float64Array; assigned: number } {
    return { stops: this.stops.map((s) => [...s]), km: this.km.slice(), assigned: this.assigned };
  }

  restore(snapshot: { stops: number[][]; km: Float64Array }): void {
    const changed = new Map<number, { stops: number[]; km: number }>();
    snapshot.stops.forEach((stops, w) => {
      const now = this.stops[w]!;
      if (now.length !== stops.length || now.some((node, k) => node !== stops[k])) {
        changed.set(w, { stops, km: snapshot.km[w]! });
      }
    });
    this.setRoutes(changed);
  }
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

/** The plan the routes stand for, with a reason for each order left out. */
export function toPlan(routes: Routes): CityDayPlan {
  const day = routes.day;
  const assignments: PlannedJob[] = [];
  const workerRoutes: WorkerRoute[] = [];
  for (let w = 0; w < day.workerCount; w++) {
    const stops = routes.stops[w]!;
    if (stops.length === 0) continue;
    let prev = homeNode(day, w);
    const routeStops: RouteStop[] = stops.map((node) => {
      const travelKm = distKm(day, prev, node);
      prev = node;
      const existing = !isOrderNode(day, node);
      const orderId = existing
        ? (day.existingJobs[node - day.n]!.orderId ?? null)
        : day.orders[node]!.orderId;
      if (!existing) {
        assignments.push({
          orderId: orderId!,
          workerId: day.workers[w]!.workerId,
          start: day.start[node]!,
          end: day.end[node]!,
        });
      }
      return { orderId, existing, start: day.start[node]!, end: day.end[node]!, travelKm };
    });
    workerRoutes.push({
      workerId: day.workers[w]!.workerId,
      stops: routeStops,
      travelKm: routeStops.reduce((sum, s) => sum + s.travelKm, 0),
    });
  }
  const unassigned: UnassignedOrder[] = [];
  for (let o = 0; o < day.n; o++) {
    if (routes.owner[o] !== -1) continue;
    unassigned.push(whyUnassigned(routes, o));
  }
  return {
    assignments,
    unassigned,
    routes: workerRoutes,
    assignedCount: assignments.length,
    travelKm: workerRoutes.reduce((sum, r) => sum + r.travelKm, 0),
  };
}

function whyUnassigned(routes: Routes, o: number): UnassignedOrder {
  const day = routes.day;
  const workersFailing: Partial<Record<HardRule, number>> = {};
  const count = (rule: HardRule) => (workersFailing[rule] = (workersFailing[rule] ?? 0) + 1);
  let candidates = 0;
  let room = false;
  for (let w = 0; w < day.workerCount; w++) {
    if (day.fits[w * day.n + o]) {
      candidates++;
      const blocked = routes.planned[w]! >= day.capLeft[w]! ? 'DAILY_CAP_REACHED' : routes.blockedBy(w, o);
      if (blocked) count(blocked);
      else room = true;
    } else {
      ownRulesFailed(day, w, o).forEach(count);
    }
  }
  const reason = room ? 'LEFT_OUT_TO_SAVE_TRAVEL' : candidates > 0 ? 'NO_ROOM' : 'NO_CANDIDATE';
  return { orderId: day.orders[o]!.orderId, reason, workersFailing };
}
