// The city-day problem: its input (the service maps its view onto these) and the plan it produces.
// The hard rules are online dispatch's (matching/domain/rule-checks.ts, applied in compiled-day.ts):
// the job holds the worker from its window's start to the window's end or the end of its duration,
// whichever is later. A day's route starts at home and does not return (the way home is not
// counted); the trip to the first job is the worker's commute, outside working hours. No planned job
// is farther than maxDistanceKm from where its worker comes from (the previous stop, else home).
// See ../README.md.

import type { RuleCode } from '../../matching/domain/rule-checks';

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
  /** Working hours on that day, as instants (China Standard Time already applied), touching ones merged. */
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

/**
 * The rules of online dispatch's candidate filter that the planner applies, by online dispatch's
 * own codes. Branch, status and routing groups are not among them: the service passes only the
 * workers who pass those (and folds routing groups into the item, see plan-inputs.ts).
 */
export type HardRule = Extract<
  RuleCode,
  | 'not_eligible_for_item'
  | 'outside_service_area'
  | 'outside_working_hours'
  | 'on_leave'
  | 'slot_taken'
  | 'daily_cap_reached'
  | 'too_far'
>;

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
 * come from farther than maxDistanceKm (too_far depends on the stop before, so it is never a rule of
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
