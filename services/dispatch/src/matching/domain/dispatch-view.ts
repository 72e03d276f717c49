/**
 * Dispatch's own view of orders, workers and its branch policy, as the matching core needs it
 * (fed from orders and workforce events by the service). Pure: no I/O, no clock.
 *
 * Times: instants are `Date`s or ISO-8601 strings with an offset; calendar days, weekdays and
 * working hours are China Standard Time (UTC+8, no daylight saving), like every branch we serve.
 */

import { BUSINESS_UTC_OFFSET_MS } from '@platform/domain-kit';

/** A `Date` or an ISO-8601 instant such as `2025-06-02T09:00:00+08:00`. */
export type Instant = Date | string;

export interface GeoPoint {
  lat: number;
  lng: number;
}

export type BusinessUnit = 'home_cleaning' | 'after_sales' | 'retail';

export interface OrderToDispatch {
  orderId: string;
  /** The city branch, e.g. `shanghai`. */
  branchId: string;
  itemCode: string;
  businessUnit: BusinessUnit;
  /** After-sales orders: the product's category (`smart_home`, `wardrobe`, `sofa`, ...). */
  productCategory?: string | null;
  location: GeoPoint;
  /** District code of the address; workers serve a list of them. */
  district: string;
  /** The appointment. The job occupies it, or `expectedMinutes` from its start if that is longer. */
  window: { start: Instant; end: Instant };
  expectedMinutes: number;
  customerId: string;
  /** The customer's regular (designated) worker, if they have one. */
  regularWorkerId?: string | null;
}

export type WorkerStatus = 'active' | 'applicant' | 'suspended' | 'left';

/** One stretch of regular working hours; `from` and `to` are `HH:MM` in China Standard Time. */
export interface WeeklySlot {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  from: string;
  to: string;
}

/** Whole days away, `YYYY-MM-DD` in China Standard Time, both included. */
export interface Leave {
  from: string;
  to: string;
}

/** A job the worker holds: an assignment or a pending offer (both keep the slot). */
export interface BookedJob {
  orderId: string;
  start: Instant;
  end: Instant;
  location: GeoPoint;
}

/** A worker as dispatch sees them: by id (names are workforce's personal data, resolved in the graph). */
export interface WorkerView {
  workerId: string;
  stationId: string;
  branchId: string;
  status: WorkerStatus;
  /** Service items the worker passed training and exams for. */
  eligibleItems: string[];
  homeLocation: GeoPoint;
  /** District codes the worker is willing to serve. */
  serviceAreas: string[];
  weeklyHours: WeeklySlot[];
  leaves: Leave[];
  /** Routing groups, e.g. `smart_home`, `panel_installers`. */
  groups: string[];
  /** 1 (novice) … 5 (expert). */
  skillLevel: number;
  /** Average customer rating 1-5 from feedback; absent until there is feedback. */
  rating?: number | null;
  jobs: BookedJob[];
}

/** Orders matching the rule (every key given must match) go only to workers of `group`. */
export interface RoutingRule {
  productCategory?: string;
  itemCode?: string;
  group: string;
}

/** How much each score component (each in [0, 1]) counts towards the total. */
export interface ScoreWeights {
  distance: number;
  regularWorker: number;
  loadBalance: number;
  rating: number;
  skill: number;
}

/** A branch's dispatch policy. `name` and `version` identify it in the provenance of decisions. */
export interface DispatchPolicy {
  name: string;
  version: number;
  /** Most jobs a worker may hold on one (China Standard Time) day. */
  dailyJobCap: number;
  /** Assumed door-to-door speed, e.g. 25 km/h in a city. */
  travelSpeedKmh: number;
  /** Slack on top of travel time between two jobs (parking, lift, handover). */
  bufferMinutes: number;
  routingRules: RoutingRule[];
  weights: ScoreWeights;
  /** Farthest a worker may be sent, measured from where they come from (previous job that day, else home). */
  maxDistanceKm: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Epoch milliseconds of an instant; throws on a string that is not one. */
export function toMillis(instant: Instant): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Days since 1970-01-01 of the China Standard Time day an instant falls on. */
export const cstDayNumber = (ms: number): number => Math.floor((ms + BUSINESS_UTC_OFFSET_MS) / DAY_MS);

/** ISO weekday (1 = Monday … 7 = Sunday) of an instant in China Standard Time. */
export function cstWeekday(ms: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((cstDayNumber(ms) + 3) % 7) + 7) % 7) + 1;
}

/** Minutes since midnight China Standard Time. */
export const cstMinuteOfDay = (ms: number): number =>
  Math.floor((((ms + BUSINESS_UTC_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS;

/** `HH:MM` → minutes since midnight. */
export function clockMinutes(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock);
  if (!match) throw new RangeError(`not a clock time HH:MM: ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since midnight → `HH:MM` (past midnight shows as 24:xx and beyond). */
export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(Math.round(minutes % 60)).padStart(2, '0')}`;

export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** Minutes to cover `km` at `speedKmh`. */
export const travelMinutes = (km: number, speedKmh: number): number => (km / speedKmh) * 60;

/** Throws on a policy no decision could be made with. */
export function assertPolicy(policy: DispatchPolicy): void {
  const problems: string[] = [];
  if (!(policy.travelSpeedKmh > 0)) problems.push('travelSpeedKmh must be > 0');
  if (!(policy.maxDistanceKm > 0)) problems.push('maxDistanceKm must be > 0');
  if (!(policy.dailyJobCap >= 0)) problems.push('dailyJobCap must be >= 0');
  if (!(policy.bufferMinutes >= 0)) problems.push('bufferMinutes must be >= 0');
  for (const [name, weight] of Object.entries(policy.weights)) {
    if (!(weight >= 0) || !Number.isFinite(weight)) problems.push(`weight ${name} must be a number >= 0`);
  }
  for (const rule of policy.routingRules) {
    if (rule.productCategory === undefined && rule.itemCode === undefined) {
      problems.push(`routing rule to ${rule.group} names neither productCategory nor itemCode`);
    }
  }
  if (problems.length > 0) {
    throw new RangeError(`dispatch policy ${policy.name} v${policy.version}: ${problems.join('; ')}`);
  }
}
