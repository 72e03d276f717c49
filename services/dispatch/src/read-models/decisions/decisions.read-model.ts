import type { DispatchDecided, EventData } from '@platform/contracts';
import type { PostgresDocuments, ReadModel } from '@platform/eventing';

type Decided = EventData<typeof DispatchDecided>;

/** A decision as its `DispatchDecided` tells it: the shortlist offers go down, and who was ruled out why. */
export interface DecisionDoc {
  decisionId: string;
  orderId: string;
  decidedAt: string;
  /** name@version */
  policy: string;
  ranked: { rank: number; workerId: string; score: number }[];
  /** The first 200 ruled out, with the rules each failed; `moreRuledOut` counts the rest. */
  ruledOut: { workerId: string; rules: string[] }[];
  moreRuledOut: number;
}

/**
 * The decisions taken for each order, from the orders' streams: what the log carries of them (the
 * first 50 ranked, 200 ruled out), rebuilt by replay. The full provenance, every candidate with
 * every score component and failed rule, is the decision's record (DecisionRecords), ADR 0012.
 * In PostgreSQL beside it (ADR 0010): an order's decisions are queried in SQL.
 */
export const decisions: ReadModel<DecisionDoc, 'postgres'> = {
  name: 'decision_summaries',
  store: 'postgres',
  handles: ['DispatchDecided'],
  ids: (event) => [(event.data as Decided).decisionId],
  evolve(decision, event, decisionId) {
    const d = event.data as Decided;
    return (
      decision ?? {
        decisionId,
        orderId: d.orderId,
        decidedAt: event.occurredAt,
        policy: d.policy,
        ranked: d.ranked.map((r, i) => ({ rank: i + 1, workerId: r.workerId, score: r.score })),
        ruledOut: d.ruledOut,
        moreRuledOut: d.moreRuledOut,
      }
    );
  },
  indexes: [{ fields: { orderId: 1, decidedAt: 1 } }],
};

/** An order's decisions, newest first. */
export async function decisionsOf(
  docs: PostgresDocuments<DecisionDoc>,
  orderId: string,
): Promise<DecisionDoc[]> {
  const { rows } = await docs.pool.query(
    `SELECT document FROM ${docs.table} WHERE document IS NOT NULL AND document->>'orderId' = $1
     ORDER BY document->>'decidedAt' DESC LIMIT 50`,
    [orderId],
  );
  return rows.map((row: { document: DecisionDoc }) => row.document);
}
