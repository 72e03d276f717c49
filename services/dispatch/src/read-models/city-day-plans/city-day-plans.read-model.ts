import type { PostgresDocuments, ReadModel } from '@platform/eventing';
import type { PlanSummary } from '../../city-day-plan/city-day-plan.decider';

/** A proposed city-day plan as its events tell it; its assignments are the plan's record (PlanRecords). */
export interface PlanDoc extends PlanSummary {
  proposedAt: string;
  proposedBy: string;
  acceptedAt: string | null;
  acceptedBy: string | null;
}

/**
 * The branches' city-day plans, from their streams (`city-day-plan-<planId>`): proposed, then
 * accepted by the first dispatcher who did. In PostgreSQL (ADR 0010): a branch's plans of a day are
 * queried in SQL.
 */
export const cityDayPlans: ReadModel<PlanDoc, 'postgres'> = {
  name: 'city_day_plans',
  store: 'postgres',
  handles: ['CityDayPlanProposed', 'CityDayPlanAccepted'],
  ids: (event) => [(event.data as { planId: string }).planId],
  evolve(plan, event) {
    if (event.type === 'CityDayPlanProposed')
      return (
        plan ?? {
          ...(event.data as PlanSummary),
          proposedAt: event.occurredAt,
          proposedBy: event.actor.id,
          acceptedAt: null,
          acceptedBy: null,
        }
      );
    return plan && plan.acceptedAt === null
      ? { ...plan, acceptedAt: event.occurredAt, acceptedBy: event.actor.id }
      : plan;
  },
  indexes: [{ fields: { branchId: 1, day: 1 } }],
};

/** A branch's plans of a day, newest first. */
export async function plansOfDay(
  docs: PostgresDocuments<PlanDoc>,
  branchId: string,
  day: string,
): Promise<PlanDoc[]> {
  const { rows } = await docs.pool.query(
    `SELECT document FROM ${docs.table}
     WHERE document IS NOT NULL AND document->>'branchId' = $1 AND document->>'day' = $2
     ORDER BY document->>'proposedAt' DESC LIMIT 50`,
    [branchId, day],
  );
  return rows.map((row: { document: PlanDoc }) => row.document);
}
