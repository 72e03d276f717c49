import type { DispatchPolicy, OrderToDispatch } from './dispatch-view';
import type { Candidate, OrderSnapshot } from './decision-inputs';

/**
 * Soft preferences among the workers who passed every hard rule. Each component is in [0, 1]
 * before weighting (1 is best) and is recorded, so the console can say why a worker ranked where
 * they did:
 * - distance: 1 − km from where the worker comes from ÷ the policy's maxDistanceKm.
 * - regularWorker: 1 for the customer's regular worker, else 0. Whatever the weights, the regular
 *   worker is also ranked first whenever eligible (see ranking.ts).
 * - loadBalance: the worker's jobs that CST day against their station's active workers' jobs that
 *   day: 1 for the least booked of the station, 0 for the most booked, linear between; 1 when all
 *   are equally booked. The order being dispatched is not counted.
 * - rating: (rating − 1) ÷ 4; 0.5 (neutral) while the worker has no feedback yet.
 * - skill: (skillLevel − 1) ÷ 4.
 * total = Σ weight × component, rounded to 1e-9 so that equal scores compare equal.
 */

export interface ScoreComponents {
  distance: number;
  regularWorker: number;
  loadBalance: number;
  rating: number;
  skill: number;
}

export interface Score {
  total: number;
  components: ScoreComponents;
}

/** Jobs per active worker of a station on the decision's CST day. */
export interface StationLoad {
  activeWorkers: number;
  minJobs: number;
  maxJobs: number;
}

export interface ScoringContext {
  stationLoads: Readonly<Record<string, StationLoad>>;
}

export const NEUTRAL_RATING = 0.5;

const unit = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export function score(
  order: Pick<OrderToDispatch | OrderSnapshot, 'regularWorkerId'>,
  candidate: Candidate,
  context: ScoringContext,
  policy: DispatchPolicy,
): Score {
  const load = context.stationLoads[candidate.stationId];
  const components: ScoreComponents = {
    distance: unit(1 - candidate.distanceKm / policy.maxDistanceKm),
    regularWorker: order.regularWorkerId != null && order.regularWorkerId === candidate.workerId ? 1 : 0,
    loadBalance:
      !load || load.maxJobs <= load.minJobs
        ? 1
        : unit((load.maxJobs - candidate.jobsThatDay) / (load.maxJobs - load.minJobs)),
    rating: candidate.rating == null ? NEUTRAL_RATING : unit((candidate.rating - 1) / 4),
    skill: unit((candidate.skillLevel - 1) / 4),
  };
  const w = policy.weights;
  const total =
    w.distance * components.distance +
    w.regularWorker * components.regularWorker +
    w.loadBalance * components.loadBalance +
    w.rating * components.rating +
    w.skill * components.skill;
  return { total: Math.round(total * 1e9) / 1e9, components };
}
