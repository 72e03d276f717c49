import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * A branch's city-day plan: proposed by a dispatcher, then accepted once. Stream:
 * `city-day-plan-<planId>`. The plan's assignments (one per planned order, 812 on the benchmark's
 * day and tens of thousands for a whole city) are not in the event: they would take it past
 * Kafka's 1 MB message limit. Dispatch stores them under the plan id before the event, as a claim
 * check (ADR 0012); the event carries what the plan achieves.
 */
const topic = 'dispatch.events';
const planId = z.uuid();
const figures = z.object({
  assigned: z.number().int().nonnegative(),
  travelKm: z.number().nonnegative(),
});

export const CityDayPlanProposed = defineEvent({
  type: 'CityDayPlanProposed',
  version: 1,
  topic,
  description:
    "A dispatcher had a branch's open orders of a day planned at once; the plan is compared with greedy online dispatch on the same orders and workers. Its assignments are kept by dispatch under planId.",
  schema: z.object({
    planId,
    branchId: z.string().min(1).max(40),
    /** The day in China Standard Time (YYYY-MM-DD). */
    day: z.iso.date(),
    openOrders: z.number().int().nonnegative(),
    workers: z.number().int().nonnegative(),
    plan: figures,
    greedy: figures,
    /** Less travel than greedy, in percent (negative: more); null when greedy travels nowhere. */
    travelSavedPct: z.number().nullable(),
    /** Orders the plan leaves without a worker. */
    unassigned: z.number().int().nonnegative(),
    runtimeMs: z.number().int().nonnegative(),
  }),
});

export const CityDayPlanAccepted = defineEvent({
  type: 'CityDayPlanAccepted',
  version: 1,
  topic,
  description:
    'A dispatcher accepted a proposed city-day plan: each planned worker is offered their order first.',
  schema: z.object({ planId }),
});

export const planEvents = [CityDayPlanProposed, CityDayPlanAccepted];
