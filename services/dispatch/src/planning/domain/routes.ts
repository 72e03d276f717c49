import type { CityDayPlan, HardRule, PlannedJob, RouteStop, UnassignedOrder, WorkerRoute } from './city-day';
import { canFollow, distKm, homeNode, isOrderNode, ownRulesFailed, reaches, type Day } from './compiled-day';

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
  blockedBy(w: number, o: number): 'slot_taken' | 'too_far' | null {
    const day = this.day;
    const stops = this.stops[w]!;
    const at = this.position(w, o);
    const prev = at > 0 ? stops[at - 1]! : homeNode(day, w);
    const next = stops[at];
    if ((at > 0 && !canFollow(day, prev, o)) || (next !== undefined && !canFollow(day, o, next)))
      return 'slot_taken';
    // o's own leg, and the next planned job's, which would now come from o.
    if (!reaches(day, prev, o) || (next !== undefined && !reaches(day, o, next))) return 'too_far';
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
      const blocked = routes.planned[w]! >= day.capLeft[w]! ? 'daily_cap_reached' : routes.blockedBy(w, o);
      if (blocked) count(blocked);
      else room = true;
    } else {
      ownRulesFailed(day, w, o).forEach(count);
    }
  }
  const reason = room ? 'LEFT_OUT_TO_SAVE_TRAVEL' : candidates > 0 ? 'NO_ROOM' : 'NO_CANDIDATE';
  return { orderId: day.orders[o]!.orderId, reason, workersFailing };
}
