import { hourlySummary, summaryBranch, summaryHour, type PostgresCompanion } from '@platform/eventing';

/**
 * `dispatch_outcome_hours`: the dashboard's figures of `dispatch_outcomes` summed per branch and
 * hour of the appointment's start (UTC, `2026-12-07T08`; each hour lies in one Shanghai day), kept
 * by a trigger (`hourlySummary`), so a period's figures add up a few hundred rows plus the
 * documents of its first and last part-hours. Per row: the orders, their count per outcome, the
 * workers passed over per rule, the seconds to assignment (sorted, so medians and percentiles stay
 * exact) and the missed targets of the documents that missed one.
 */
export const HOURS_TABLE = 'dispatch_outcome_hours';

/** A document counts in the missed targets when its three kinds are known and one was missed. */
const breached = `(document->'breaches'->>'accept')::int + (document->'breaches'->>'arrive')::int + (document->'breaches'->>'finish')::int > 0`;

/** The hour rows of the documents `source` yields (rows with a `document` column). */
export function hourFigures(source: string): string {
  return `SELECT ${summaryBranch('branchId')} AS branch, ${summaryHour('start')} AS hour, coalesce(document->>'day', '') AS day,
       count(*)::int AS orders,
       (SELECT coalesce(jsonb_object_agg(v, n), '{}') FROM (SELECT v, count(*)::int AS n FROM unnest(array_agg(document->>'outcome')) v WHERE v IS NOT NULL GROUP BY v) x) AS outcomes,
       (SELECT coalesce(jsonb_object_agg(k, n), '{}') FROM (SELECT e.key AS k, sum(e.value::int)::int AS n
          FROM unnest(array_agg(document->'reasons')) r, jsonb_each_text(CASE WHEN jsonb_typeof(r) = 'object' THEN r ELSE '{}' END) e GROUP BY 1) x) AS reasons,
       coalesce(array_agg((document->>'secondsToAssign')::int ORDER BY (document->>'secondsToAssign')::int)
         FILTER (WHERE document->>'secondsToAssign' IS NOT NULL), '{}') AS secs,
       coalesce(sum((document->'breaches'->>'accept')::int) FILTER (WHERE ${breached}), 0)::int AS accept,
       coalesce(sum((document->'breaches'->>'arrive')::int) FILTER (WHERE ${breached}), 0)::int AS arrive,
       coalesce(sum((document->'breaches'->>'finish')::int) FILTER (WHERE ${breached}), 0)::int AS finish
     FROM ${source} WHERE document IS NOT NULL AND document->>'start' IS NOT NULL
     GROUP BY 1, 2, 3`;
}

const outcomeHours = hourlySummary({
  name: HOURS_TABLE,
  columns: `branch text NOT NULL, hour text NOT NULL, day text NOT NULL, orders integer NOT NULL,
    outcomes jsonb NOT NULL, reasons jsonb NOT NULL, secs integer[] NOT NULL,
    accept integer NOT NULL, arrive integer NOT NULL, finish integer NOT NULL, PRIMARY KEY (branch, hour, day)`,
  branchField: 'branchId',
  startField: 'start',
  counted: ['branchId', 'start', 'day', 'outcome', 'reasons', 'secondsToAssign', 'breaches'],
  figures: hourFigures,
});

/**
 * `dispatch_worker_hours`: the jobs and their expected minutes of each worker holding an order
 * (not cancelled), per branch, hour and Shanghai day: the week's load per worker.
 */
export const WORKER_HOURS_TABLE = 'dispatch_worker_hours';

/** The worker rows of the documents `source` yields (rows with a `document` column). */
export function workerHourFigures(source: string): string {
  return `SELECT ${summaryBranch('branchId')} AS branch, ${summaryHour('start')} AS hour, coalesce(document->>'day', '') AS day,
       coalesce(document->'assigned'->>'workerId', '') AS worker, count(*)::int AS jobs,
       coalesce(sum((document->>'expectedMinutes')::int), 0)::int AS minutes
     FROM ${source} WHERE document IS NOT NULL AND document->>'start' IS NOT NULL
       AND document->'assigned' <> 'null'::jsonb AND NOT (document->'cancelled')::boolean
     GROUP BY 1, 2, 3, 4`;
}

const workerHours = hourlySummary({
  name: WORKER_HOURS_TABLE,
  columns: `branch text NOT NULL, hour text NOT NULL, day text NOT NULL, worker text NOT NULL,
    jobs integer NOT NULL, minutes integer NOT NULL, PRIMARY KEY (branch, hour, day, worker)`,
  branchField: 'branchId',
  startField: 'start',
  counted: ['branchId', 'start', 'day', 'assigned', 'cancelled', 'expectedMinutes'],
  figures: workerHourFigures,
});

/** Both summaries beside `dispatch_outcomes`. */
export const dispatchOutcomeHours: PostgresCompanion = {
  tables: [...outcomeHours.tables, ...workerHours.tables],
  setup: (table, qualify) => [...outcomeHours.setup(table, qualify), ...workerHours.setup(table, qualify)],
};
