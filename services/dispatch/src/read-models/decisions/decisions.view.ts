import type { Decision } from '../../matching';
import type { DecisionDoc } from './decisions.read-model';

/** How many workers each rule ruled out (the worker index's exclusions included), most first. */
export function ruleCounts(
  rejected: readonly { failed: readonly { code: string }[] }[],
  excluded?: Decision['summary']['excludedByIndex'],
) {
  const counts = new Map<string, number>();
  for (const r of rejected) for (const f of r.failed) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  for (const [rule, n] of Object.entries(excluded ?? {}))
    if (rule !== 'total' && n > 0) counts.set(rule, (counts.get(rule) ?? 0) + n);
  return [...counts].map(([rule, workers]) => ({ rule, workers })).sort((a, b) => b.workers - a.workers);
}

/** A ranked candidate as the graph shows it. */
export const rankedWorker = (r: Decision['ranked'][number]) => ({
  rank: r.rank,
  workerId: r.workerId,
  stationId: r.stationId,
  distanceKm: Math.round(r.distanceKm * 100) / 100,
  regularWorker: r.regularWorker,
  score: { total: r.score.total, ...r.score.components },
});

/** A decision with its provenance, as `dispatchDecision` answers it. */
export function decisionView(decisionId: string, decision: Decision) {
  return {
    decisionId,
    orderId: decision.orderId,
    decidedAt: new Date(decision.decidedAt),
    policy: `${decision.policy.name}@${decision.policy.version}`,
    considered: decision.summary.considered,
    ranked: decision.ranked.map(rankedWorker),
    ruledOut: ruleCounts(decision.rejected, decision.summary.excludedByIndex),
    rejected: decision.rejected.slice(0, 50).map((r) => ({
      workerId: r.workerId,
      rules: r.failed.map((f) => f.code),
      messages: r.failed.map((f) => f.message),
    })),
  };
}

/** A decision as its event tells it, as `OrderDispatch.decisions` answers it. */
export function decisionSummaryView(decision: DecisionDoc) {
  return {
    ...decision,
    decidedAt: new Date(decision.decidedAt),
    ruledOut: ruleCounts(decision.ruledOut.map((r) => ({ failed: r.rules.map((code) => ({ code })) }))),
  };
}
