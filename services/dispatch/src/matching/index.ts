/**
 * The pure matching core of dispatch: hard rules, scoring, ranking with provenance, replay under
 * another policy, and the worker index. See README.md in this folder.
 */
export {
  assertPolicy,
  travelMinutes,
  type BookedJob,
  type BusinessUnit,
  type DispatchPolicy,
  type GeoPoint,
  type Instant,
  type Leave,
  type OrderToDispatch,
  type RoutingRule,
  type ScoreWeights,
  type WeeklySlot,
  type WorkerStatus,
  type WorkerView,
} from './domain/dispatch-view';
export {
  NO_EXCLUSIONS,
  type Candidate,
  type CandidateSet,
  type DecisionInputs,
  type ExclusionSummary,
  type NeighbourJob,
  type OrderSnapshot,
  type Rejection,
  type WorkerFacts,
} from './domain/decision-inputs';
export { RULE_CODES, type RuleCode, type RuleFailure } from './domain/rule-checks';
export {
  applyHardRules,
  candidates,
  explainWorker,
  hardRuleFailures,
  requiredGroups,
} from './domain/hard-rules';
export {
  NEUTRAL_RATING,
  score,
  type Score,
  type ScoreComponents,
  type ScoringContext,
  type StationLoad,
} from './domain/scoring';
export {
  decide,
  rankCandidates,
  replay,
  type Decision,
  type RankedCandidate,
  type Ranking,
} from './domain/ranking';
export { WorkerIndex } from './domain/worker-index';
