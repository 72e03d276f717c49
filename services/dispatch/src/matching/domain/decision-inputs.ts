import type { DispatchPolicy, GeoPoint, Leave, OrderToDispatch, WorkerStatus } from './dispatch-view';
import type { RuleFailure } from './rule-checks';
import type { StationLoad } from './scoring';

// What a decision is made from and what it gives, as recorded: JSON, the policy kept apart.

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
