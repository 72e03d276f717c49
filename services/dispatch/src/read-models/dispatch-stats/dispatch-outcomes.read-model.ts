import type { EventEnvelope } from '@platform/contracts';
import { businessDay } from '@platform/domain-kit';
import type { ReadModel } from '@platform/eventing';
import { dispatchOutcomeHours } from './dispatch-outcome-hours';

/** How an order's dispatch stands now, as the dashboard counts it. */
export type DispatchOutcome =
  | 'first_offer'
  | 'after_passes'
  | 'manual'
  | 'failed'
  | 'released'
  | 'cancelled'
  | 'pending';

/** One order's dispatch in figures: what the dashboard groups and counts in SQL. */
export interface OutcomeDoc {
  orderId: string;
  /** From OrderPlaced (orders' topic): null until it is read. */
  branchId: string | null;
  placedAt: string | null;
  /** The appointment's start, as an ISO instant in UTC (sorts as text), and its day in Shanghai. */
  start: string | null;
  day: string | null;
  expectedMinutes: number;
  cancelled: boolean;
  /** Offers declined or left to lapse. */
  passedOver: number;
  /** The worker holding the job now. */
  assigned: { workerId: string; how: 'auto' | 'manual'; at: string } | null;
  firstAssignedAt: string | null;
  /** From placing to the first assignment, once both are known. */
  secondsToAssign: number | null;
  /** Dispatch failed since the order last had a worker. */
  failed: boolean;
  released: boolean;
  outcome: DispatchOutcome;
  /**
   * Workers passed over per rule: the latest decision's ruled out or, once it failed, the failure's
   * as its queue item counts them (with the worker index's exclusions), else as the failure lists them.
   */
  reasons: Record<string, number>;
  decided: Record<string, number>;
  failure: { decisionId: string | null; reasons: Record<string, number> } | null;
  /** The failures' queue items by decision: another stream, so they may come before the failure. */
  queued: Record<string, Record<string, number>>;
  /** Missed targets by kind. */
  breaches: { accept: number; arrive: number; finish: number };
}

type Data = Record<string, unknown> & { orderId: string };

function reasonsOf(doc: Omit<OutcomeDoc, 'outcome'>): Record<string, number> {
  if (!doc.failed || !doc.failure) return doc.decided;
  return (doc.failure.decisionId && doc.queued[doc.failure.decisionId]) || doc.failure.reasons;
}

function outcomeOf(doc: Omit<OutcomeDoc, 'outcome'>): DispatchOutcome {
  if (doc.assigned) return doc.assigned.how === 'manual' ? 'manual' : doc.passedOver === 0 ? 'first_offer' : 'after_passes';
  if (doc.cancelled) return 'cancelled';
  if (doc.failed) return 'failed';
  return doc.released ? 'released' : 'pending';
}

function countRules(candidates: readonly { rules: readonly string[] }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of candidates) for (const rule of c.rules) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}

const passedOver = (rule: string) => rule === 'declined' || rule === 'no_answer';

function next(doc: OutcomeDoc, event: EventEnvelope): Omit<OutcomeDoc, 'outcome'> {
  const d = event.data as Data;
  switch (event.type) {
    case 'OrderPlaced': {
      const { appointment, branchId, item } = d as unknown as {
        appointment: { start: string };
        branchId: string;
        item: { expectedMinutes: number };
      };
      const start = new Date(appointment.start);
      return {
        ...doc,
        branchId,
        placedAt: event.occurredAt,
        start: start.toISOString(),
        day: businessDay(start),
        expectedMinutes: item.expectedMinutes,
      };
    }
    case 'OrderRescheduled': {
      const start = new Date((d.to as { start: string }).start);
      return { ...doc, start: start.toISOString(), day: businessDay(start) };
    }
    case 'OrderCancelled':
      return { ...doc, cancelled: true };
    case 'DispatchDecided':
      return { ...doc, decided: countRules(d.ruledOut as { rules: string[] }[]), failed: false, failure: null };
    case 'OfferDeclined':
    case 'OfferExpired':
      return { ...doc, passedOver: doc.passedOver + 1 };
    case 'DispatchFailed':
      return {
        ...doc,
        failed: true,
        failure: { decisionId: (d.decisionId as string | null) ?? null, reasons: countRules(d.reasons as { rules: string[] }[]) },
      };
    case 'QueueItemRaised': {
      // The failure's item counts the rules with the worker index's exclusions (which the
      // failure itself only totals), beside the workers who declined or did not answer.
      const details = d.details as {
        decisionId?: string | null;
        byRule?: { rule: string; workers: number }[];
        reasons?: { rules: string[] }[];
      };
      if (d.kind !== 'dispatch_failed' || !details.byRule || !details.decisionId) return doc;
      const counted = countRules((details.reasons ?? []).map((r) => ({ rules: r.rules.filter(passedOver) })));
      for (const { rule, workers } of details.byRule) counted[rule] = (counted[rule] ?? 0) + workers;
      return { ...doc, queued: { ...doc.queued, [details.decisionId]: counted } };
    }
    case 'TechnicianAssigned':
      return {
        ...doc,
        assigned: { workerId: d.workerId as string, how: d.how as 'auto' | 'manual', at: event.occurredAt },
        firstAssignedAt: doc.firstAssignedAt ?? event.occurredAt,
        failed: false,
      };
    case 'TechnicianUnassigned':
      return { ...doc, assigned: null, released: true };
    case 'SlaBreached': {
      const kind = d.kind as keyof OutcomeDoc['breaches'];
      return { ...doc, breaches: { ...doc.breaches, [kind]: doc.breaches[kind] + 1 } };
    }
    default:
      return doc;
  }
}

const empty = (orderId: string): OutcomeDoc => ({
  orderId,
  branchId: null,
  placedAt: null,
  start: null,
  day: null,
  expectedMinutes: 0,
  cancelled: false,
  passedOver: 0,
  assigned: null,
  firstAssignedAt: null,
  secondsToAssign: null,
  failed: false,
  released: false,
  outcome: 'pending',
  reasons: {},
  decided: {},
  failure: null,
  queued: {},
  breaches: { accept: 0, arrive: 0, finish: 0 },
});

/**
 * Each order's dispatch in figures, for the dashboard: its branch and appointment (from orders'
 * OrderPlaced, OrderRescheduled, OrderCancelled) and how its dispatch went (from the order's
 * `assignment-` stream: decisions, passed-over offers, failure, assignment, release, missed
 * targets) and the failures' queue items (their rule counts). Each event sets fields of its own and
 * `reasons` and `outcome` are derived from them, so the order in which the streams arrive does not
 * matter. In PostgreSQL (ADR 0010): counted, grouped and ranked in SQL over a branch's period, the
 * period's whole hours from `dispatch_outcome_hours`.
 */
export const dispatchOutcomes: ReadModel<OutcomeDoc, 'postgres'> = {
  name: 'dispatch_outcomes',
  store: 'postgres',
  handles: [
    'OrderPlaced',
    'OrderRescheduled',
    'OrderCancelled',
    'DispatchDecided',
    'OfferDeclined',
    'OfferExpired',
    'DispatchFailed',
    'QueueItemRaised',
    'TechnicianAssigned',
    'TechnicianUnassigned',
    'SlaBreached',
  ],
  ids: (event) => [(event.data as Data).orderId],
  evolve(doc, event, orderId) {
    const changed = next(doc ?? empty(orderId), event);
    const secondsToAssign =
      changed.placedAt && changed.firstAssignedAt
        ? Math.max(0, Math.round((Date.parse(changed.firstAssignedAt) - Date.parse(changed.placedAt)) / 1000))
        : null;
    const derived = { ...changed, secondsToAssign, reasons: reasonsOf(changed) };
    return { ...derived, outcome: outcomeOf(derived) };
  },
  indexes: [{ fields: { branchId: 1, start: 1 } }, { fields: { start: 1 } }],
  // The figures summed per branch and hour, kept by a trigger, so a period adds up hours.
  postgres: dispatchOutcomeHours,
};
