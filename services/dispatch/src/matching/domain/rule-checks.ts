import { travelMinutes, type DispatchPolicy } from './dispatch-view';

/**
 * The hard rules' codes, and the tests behind the rules on bare numbers (instants in epoch ms, or
 * minutes), so that online dispatch (hard-rules.ts, which says what each rule means) and the
 * city-day planner (planning/) apply the same rules: a rule changes here or nowhere.
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

const MINUTE_MS = 60_000;

/** The rules measure distances to the metre, as a decision records them (worker-facts.ts). */
export const toTheMetre = (km: number): number => Math.round(km * 1000) / 1000;

/**
 * The end of an order's job: it holds its worker from the window's start to the window's end or
 * start + expected minutes, whichever is later.
 */
export const jobEnd = (start: number, windowEnd: number, expectedMinutes: number): number =>
  Math.max(windowEnd, start + expectedMinutes * MINUTE_MS);

/**
 * outside_working_hours, passed: from–to lies inside one of `slots`, given as [from, to, from, to, …]
 * (touching slots merged beforehand); a job may end exactly when its slot ends.
 */
export function insideOneSlot(slots: ArrayLike<number>, from: number, to: number): boolean {
  for (let i = 0; i < slots.length; i += 2) {
    if (slots[i]! <= from && to <= slots[i + 1]!) return true;
  }
  return false;
}

/** Two spans share time (one ending as the other starts do not): a booked job or a leave in the way. */
export const overlaps = (from: number, to: number, otherFrom: number, otherTo: number): boolean =>
  from < otherTo && otherFrom < to;

/** slot_taken: the minutes a worker needs between two jobs `km` apart, the drive and then the buffer. */
export const minutesBetweenJobs = (
  km: number,
  policy: Pick<DispatchPolicy, 'travelSpeedKmh' | 'bufferMinutes'>,
): number => travelMinutes(toTheMetre(km), policy.travelSpeedKmh) + policy.bufferMinutes;

/** daily_cap_reached: the jobs a worker holds that day leave no room for another. */
export const capReached = (jobsThatDay: number, dailyCap: number): boolean => jobsThatDay >= dailyCap;

/** too_far: the order is farther than the policy's reach from where the worker comes from. */
export const tooFar = (km: number, maxDistanceKm: number): boolean => toTheMetre(km) > maxDistanceKm;
