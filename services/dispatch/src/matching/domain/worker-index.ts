import {
  cstDayNumber,
  toMillis,
  type BookedJob,
  type DispatchPolicy,
  type Instant,
  type OrderToDispatch,
  type WorkerView,
} from './dispatch-view';
import type { CandidateSet, ExclusionSummary } from './decision-inputs';
import { examine, stationLoadOf } from './hard-rules';
import {
  fitsWorkingHours,
  jobDays,
  leaveDuring,
  overlapsBooking,
  prepareOrder,
  prepareWorker,
  withJobAdded,
  withoutJob,
  type PreparedWorker,
} from './worker-facts';
import type { StationLoad } from './scoring';

const key = (...parts: (string | number)[]) => parts.join('\u0000');

interface StationTally {
  activeWorkers: number;
  /** CST day number → active workerId → jobs starting that day. */
  byDay: Map<number, Map<string, number>>;
}

/**
 * Workers indexed so that a decision examines only the plausible ones: the workers whom some policy
 * could offer the order — active, of the order's branch, qualified for its item, serving its
 * district, with working hours around the job, not on leave and with no booked job overlapping it.
 * Those are examined against every hard rule and recorded with their facts, eligible or not; the
 * others are only counted, under the first of those rules they fail (`ExclusionSummary`). Lookup is
 * by branch, item, district and CST weekday; hours, leave and overlaps are checked on that bucket.
 * It also keeps each station's jobs per CST day for load balance.
 *
 * Built once, then kept current by the service as events arrive: `put` (a new or changed worker),
 * `remove`, `addJob` / `removeJob` (assignments and pending offers). Single writer: the event
 * consumer that owns it; not for concurrent mutation.
 */
export class WorkerIndex {
  /** A worker's prepared form is shared by every bucket they are in; a change of jobs updates it in place. */
  private readonly held = new Map<string, PreparedWorker>();
  /** branch, item, district, weekday → active workers with working hours that weekday. */
  private readonly plausible = new Map<string, Map<string, PreparedWorker>>();
  private readonly perBranch = new Map<string, number>();
  /** branch, item → workers. */
  private readonly perItem = new Map<string, number>();
  /** branch, item, district → workers. */
  private readonly perDistrict = new Map<string, number>();
  /** branch, item, district → active workers. */
  private readonly perDistrictActive = new Map<string, number>();
  private readonly stations = new Map<string, StationTally>();
  /** orderId → workers holding a job for it. */
  private readonly holders = new Map<string, Set<string>>();

  static of(workers: Iterable<WorkerView>): WorkerIndex {
    const index = new WorkerIndex();
    for (const worker of workers) index.put(worker);
    return index;
  }

  get size(): number {
    return this.held.size;
  }

  get(workerId: string): WorkerView | undefined {
    return this.held.get(workerId)?.view;
  }

  all(): WorkerView[] {
    return [...this.held.values()].map((w) => w.view);
  }

  /** Adds a worker, or replaces the one with the same workerId (jobs included). */
  put(worker: WorkerView): void {
    this.remove(worker.workerId);
    const w = prepareWorker(worker);
    this.held.set(worker.workerId, w);
    this.buckets(w, +1);
    this.tally(w, +1);
  }

  remove(workerId: string): boolean {
    const w = this.held.get(workerId);
    if (!w) return false;
    this.tally(w, -1);
    this.buckets(w, -1);
    this.held.delete(workerId);
    return true;
  }

  /** Books a job (an assignment or a pending offer) for a worker; replaces their job for the same order. */
  addJob(workerId: string, job: BookedJob): void {
    const w = this.held.get(workerId);
    if (!w) throw new RangeError(`no worker ${workerId} in the index`);
    this.removeJob(workerId, job.orderId);
    Object.assign(w, withJobAdded(w, job));
    this.countJob(w, job.orderId, cstDayNumber(toMillis(job.start)), +1);
  }

  /** Releases a worker's job for an order (declined or expired offer, withdrawn assignment). */
  removeJob(workerId: string, orderId: string): boolean {
    const w = this.held.get(workerId);
    if (!w || !w.jobOrderIds.includes(orderId)) return false;
    const { worker, days } = withoutJob(w, orderId);
    Object.assign(w, worker);
    for (const day of days) this.countJob(w, orderId, day, -1);
    return true;
  }

  /** Workers holding a job for the order. */
  holdersOf(orderId: string): string[] {
    return [...(this.holders.get(orderId) ?? [])].sort();
  }

  /** The same answer as `candidates(order, index.all(), policy, now)`, examining only plausible workers. */
  candidates(order: OrderToDispatch, policy: DispatchPolicy, now: Instant): CandidateSet {
    const prepared = prepareOrder(order);
    const { branchId, itemCode, district, orderId } = prepared.snapshot;
    const heldBy = this.holders.get(orderId) ?? new Set<string>();
    const o = { ...prepared, heldBy };
    const bucket = this.plausible.get(key(branchId, itemCode, district, o.weekday));
    const examined: PreparedWorker[] = [];
    let offHours = 0;
    let onLeave = 0;
    let busy = 0;
    if (bucket) {
      for (const w of bucket.values()) {
        if (!fitsWorkingHours(o, w)) offHours++;
        else if (leaveDuring(o, w)) onLeave++;
        else if (overlapsBooking(o, w)) busy++;
        else examined.push(w);
      }
    }

    const inBranch = this.perBranch.get(branchId) ?? 0;
    const forItem = this.perItem.get(key(branchId, itemCode)) ?? 0;
    const inDistrict = this.perDistrict.get(key(branchId, itemCode, district)) ?? 0;
    const active = this.perDistrictActive.get(key(branchId, itemCode, district)) ?? 0;
    const excluded: ExclusionSummary = {
      total: this.held.size - examined.length,
      wrong_branch: this.held.size - inBranch,
      not_eligible_for_item: inBranch - forItem,
      outside_service_area: forItem - inDistrict,
      not_active: inDistrict - active,
      outside_working_hours: active - (bucket?.size ?? 0) + offHours,
      on_leave: onLeave,
      slot_taken: busy,
    };

    // The order itself does not count towards its holders' load.
    const minus = new Map<string, number>();
    for (const holder of heldBy) {
      const w = this.held.get(holder)!;
      const n = jobDays(w).filter((day, i) => day === o.dayNumber && w.jobOrderIds[i] === orderId).length;
      if (n > 0) minus.set(holder, n);
    }
    const stationLoads: Record<string, StationLoad> = {};
    for (const stationId of [...new Set(examined.map((w) => w.stationId))].sort()) {
      const tally = this.stations.get(stationId);
      const counts = tally?.byDay.get(o.dayNumber);
      const jobs: number[] = [];
      if (counts) for (const [workerId, n] of counts) jobs.push(n - (minus.get(workerId) ?? 0));
      stationLoads[stationId] = stationLoadOf(tally?.activeWorkers ?? 0, jobs);
    }
    return examine(o, examined, true, stationLoads, excluded, policy, now);
  }

  private buckets(w: PreparedWorker, sign: 1 | -1): void {
    const { workerId, branchId, status } = w;
    const active = status === 'active';
    for (const item of w.items) {
      for (const area of w.areas) {
        count(this.perDistrict, key(branchId, item, area), sign);
        if (!active) continue;
        count(this.perDistrictActive, key(branchId, item, area), sign);
        for (let weekday = 1; weekday <= 7; weekday++) {
          if (!w.hours[weekday]) continue;
          const k = key(branchId, item, area, weekday);
          const bucket = this.plausible.get(k) ?? new Map<string, PreparedWorker>();
          if (sign > 0) this.plausible.set(k, bucket.set(workerId, w));
          else if (bucket.delete(workerId) && bucket.size === 0) this.plausible.delete(k);
        }
      }
      count(this.perItem, key(branchId, item), sign);
    }
    count(this.perBranch, branchId, sign);
  }

  /** Station loads and order holders, for all of one worker's jobs. */
  private tally(w: PreparedWorker, sign: 1 | -1): void {
    if (w.status === 'active') {
      const station = this.stations.get(w.stationId) ?? { activeWorkers: 0, byDay: new Map() };
      this.stations.set(w.stationId, station);
      station.activeWorkers += sign;
    }
    const days = jobDays(w);
    w.jobOrderIds.forEach((orderId, i) => this.countJob(w, orderId, days[i]!, sign));
  }

  private countJob(w: PreparedWorker, orderId: string, day: number, sign: 1 | -1): void {
    const { workerId, stationId, status } = w;
    const holding = this.holders.get(orderId) ?? new Set<string>();
    if (sign > 0) this.holders.set(orderId, holding.add(workerId));
    else if (holding.delete(workerId) && holding.size === 0) this.holders.delete(orderId);
    if (status !== 'active') return;
    const station = this.stations.get(stationId)!;
    const counts = station.byDay.get(day) ?? new Map<string, number>();
    station.byDay.set(day, counts);
    const n = (counts.get(workerId) ?? 0) + sign;
    if (n > 0) counts.set(workerId, n);
    else counts.delete(workerId);
    if (counts.size === 0) station.byDay.delete(day);
  }
}

function count(map: Map<string, number>, k: string, sign: 1 | -1): void {
  const n = (map.get(k) ?? 0) + sign;
  if (n > 0) map.set(k, n);
  else map.delete(k);
}
