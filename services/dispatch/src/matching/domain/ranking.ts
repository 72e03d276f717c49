import type { DispatchPolicy, Instant, OrderToDispatch, WorkerView } from './dispatch-view';
import type { CandidateSet, DecisionInputs, ExclusionSummary, Rejection } from './decision-inputs';
import { applyHardRules, candidates } from './hard-rules';
import { score, type Score } from './scoring';
import type { WorkerIndex } from './worker-index';

/**
 * The order of offers, and the provenance of the decision.
 *
 * Ranking, first key first:
 * 1. the customer's regular worker, whenever eligible — a product rule, not a weight, so no policy
 *    can rank anyone above them (their `regularWorker` component is still recorded and weighted);
 * 2. score total, descending;
 * 3. distance from where the worker comes from, ascending;
 * 4. workerId, ascending (plain code-unit order, not locale order).
 *
 * A `Decision` is plain JSON. Its `inputs` hold the policy-free facts of every worker examined, so
 * `replay(decision.inputs, otherPolicy)` re-runs the hard rules and the scoring under another
 * policy; with the decision's own policy it gives back the same ranking.
 */

export interface RankedCandidate {
  /** 1 = offered first. */
  rank: number;
  workerId: string;
  stationId: string;
  distanceKm: number;
  regularWorker: boolean;
  score: Score;
}

export interface Ranking {
  /** The policy applied, in full. */
  policy: DispatchPolicy;
  ranked: RankedCandidate[];
  rejected: Rejection[];
  /** workerIds in the order offers go out. */
  offerOrder: string[];
}

export interface Decision extends Ranking {
  orderId: string;
  decidedAt: string;
  inputs: DecisionInputs;
  summary: { considered: number; eligible: number; rejected: number; excludedByIndex: ExclusionSummary };
}

const byRank = (a: RankedCandidate, b: RankedCandidate): number => {
  if (a.regularWorker !== b.regularWorker) return a.regularWorker ? -1 : 1;
  if (a.score.total !== b.score.total) return b.score.total - a.score.total;
  if (a.distanceKm !== b.distanceKm) return a.distanceKm - b.distanceKm;
  return a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0;
};

function rank(set: CandidateSet): Ranking {
  const { policy, inputs } = set;
  const context = { stationLoads: inputs.stationLoads };
  const ranked = set.eligible
    .map((c): RankedCandidate => ({
      rank: 0,
      workerId: c.workerId,
      stationId: c.stationId,
      distanceKm: c.distanceKm,
      regularWorker: inputs.order.regularWorkerId === c.workerId,
      score: score(inputs.order, c, context, policy),
    }))
    .sort(byRank);
  ranked.forEach((r, i) => (r.rank = i + 1));
  const recorded: DispatchPolicy = {
    ...policy,
    routingRules: policy.routingRules.map((r) => ({ ...r })),
    weights: { ...policy.weights },
  };
  return { policy: recorded, ranked, rejected: set.rejected, offerOrder: ranked.map((r) => r.workerId) };
}

/** Scores and orders a candidate set; the result is the decision with its provenance. */
export function rankCandidates(set: CandidateSet): Decision {
  const ranking = rank(set);
  const { inputs } = set;
  return {
    orderId: inputs.order.orderId,
    decidedAt: inputs.at,
    ...ranking,
    inputs,
    summary: {
      considered: inputs.considered.length,
      eligible: ranking.ranked.length,
      rejected: ranking.rejected.length,
      excludedByIndex: inputs.excludedByIndex,
    },
  };
}

/** The ranking `policy` would have produced from a recorded decision's inputs. */
export function replay(inputs: DecisionInputs, policy: DispatchPolicy): Ranking {
  return rank(applyHardRules(inputs, policy));
}

/** Candidates, scores and order of offers for one order, from an index or a plain list of workers. */
export function decide(
  order: OrderToDispatch,
  workers: WorkerIndex | readonly WorkerView[],
  policy: DispatchPolicy,
  now: Instant,
): Decision {
  const set = Array.isArray(workers)
    ? candidates(order, workers as readonly WorkerView[], policy, now)
    : (workers as WorkerIndex).candidates(order, policy, now);
  return rankCandidates(set);
}
