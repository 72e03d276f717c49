import type { PostgresCompanion } from '@platform/eventing';

/**
 * `dispatch_outcome_hours`: the dashboard's figures of `dispatch_outcomes` summed per branch and
 * hour of the appointment's start (UTC, `2026-12-07T08`; each hour lies in one Shanghai day), so a
 * period's figures are a few hundred rows plus the documents of its first and last part-hours,
 * instead of every document of the period. Per row: the orders, their count per outcome, the
 * workers passed over per rule, the seconds to assignment (sorted, so medians and percentiles
 * stay exact) and the missed targets.
 *
 * A statement trigger on the documents keeps it: after any write (the projection's, a rebuild's,
 * or SQL written straight into the table) it recomputes the hours the changed documents were in
 * and are in from the documents themselves, in the write's transaction, each hour under an
 * advisory lock taken in order. So it always sums what the documents hold: an event applied twice
 * is skipped by the documents' guard (ADR 0015) and, were it written again, would recompute the
 * same rows; there are no increments to double.
 */
export const HOURS_TABLE = 'dispatch_outcome_hours';

/** The branch of a row: '' for a document whose branch is not known yet (kept in the key as text). */
const branch = `coalesce(document->>'branchId', '')`;
const hour = `left(document->>'start', 13)`;

/** A document counts in the missed targets when its three kinds are known and one was missed. */
const breached = `(document->'breaches'->>'accept')::int + (document->'breaches'->>'arrive')::int + (document->'breaches'->>'finish')::int > 0`;

/** The hour rows of the documents `source` yields (rows with a `document` column). */
export function hourFigures(source: string): string {
  return `SELECT ${branch} AS branch, ${hour} AS hour, coalesce(document->>'day', '') AS day,
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

export const dispatchOutcomeHours: PostgresCompanion = {
  tables: [HOURS_TABLE],
  setup(table, qualify) {
    const hours = qualify(HOURS_TABLE);
    const refresh = qualify('dispatch_outcome_hours_refresh');
    // The hours a statement's documents were in (old) and are in (new).
    const counted = (row: string) =>
      `jsonb_build_array(${['branchId', 'start', 'day', 'outcome', 'reasons', 'secondsToAssign', 'breaches'].map((f) => `${row}.document->'${f}'`).join(', ')}, ${row}.document IS NULL)`;
    const differ = `${counted('o')} IS DISTINCT FROM ${counted('n')}`;
    const changed = (rows: string) => `SELECT DISTINCT ${branch} AS b, ${hour} AS h FROM ${rows} WHERE document->>'start' IS NOT NULL`;
    return [
      // Made, and filled from the documents already there, when missing.
      `DO $$ BEGIN
         IF to_regclass('${hours.replace(/'/g, "''")}') IS NULL THEN
           CREATE TABLE ${hours} (branch text NOT NULL, hour text NOT NULL, day text NOT NULL, orders integer NOT NULL,
             outcomes jsonb NOT NULL, reasons jsonb NOT NULL, secs integer[] NOT NULL,
             accept integer NOT NULL, arrive integer NOT NULL, finish integer NOT NULL, PRIMARY KEY (branch, hour, day));
           INSERT INTO ${hours} ${hourFigures(table)};
         END IF;
       END $$`,
      `CREATE OR REPLACE FUNCTION ${refresh}() RETURNS trigger LANGUAGE plpgsql AS $fn$
       DECLARE bs text[]; hs text[];
       BEGIN
         IF TG_OP = 'INSERT' THEN
           SELECT array_agg(b ORDER BY b, h), array_agg(h ORDER BY b, h) INTO bs, hs FROM (${changed('new_rows')}) k;
         ELSIF TG_OP = 'DELETE' THEN
           SELECT array_agg(b ORDER BY b, h), array_agg(h ORDER BY b, h) INTO bs, hs FROM (${changed('old_rows')}) k;
         ELSE
           -- Only the documents whose counted fields changed (most events change none of them).
           SELECT array_agg(b ORDER BY b, h), array_agg(h ORDER BY b, h) INTO bs, hs
           FROM (${changed(`(SELECT o.document FROM old_rows o FULL JOIN new_rows n USING (id) WHERE ${differ}) o`)}
                 UNION ${changed(`(SELECT n.document FROM old_rows o FULL JOIN new_rows n USING (id) WHERE ${differ}) n`)}) k;
         END IF;
         IF bs IS NULL THEN RETURN NULL; END IF;
         -- One writer per hour at a time, the locks taken in order (no deadlock between two writers).
         FOR i IN 1 .. array_length(bs, 1) LOOP
           PERFORM pg_advisory_xact_lock(hashtext('dispatch_outcome_hours:' || bs[i] || ':' || hs[i]));
         END LOOP;
         -- Each statement reads what is committed now: another writer's change to an hour is seen
         -- once that writer has let go of it.
         DELETE FROM ${hours} t USING unnest(bs, hs) AS k(b, h) WHERE t.branch = k.b AND t.hour = k.h;
         INSERT INTO ${hours} ${hourFigures(
           `(SELECT d.document FROM unnest(bs, hs) AS k(b, h)
              JOIN ${table} d ON d.document->>'start' >= k.h AND d.document->>'start' < k.h || ';'
               AND coalesce(d.document->>'branchId', '') = k.b) hour_documents`,
         )};
         RETURN NULL;
       END $fn$`,
      ...(['INSERT', 'UPDATE', 'DELETE'] as const).map(
        (op) =>
          `CREATE OR REPLACE TRIGGER dispatch_outcome_hours_${op.toLowerCase()} AFTER ${op} ON ${table}
           REFERENCING ${op === 'INSERT' ? 'NEW TABLE AS new_rows' : op === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
           FOR EACH STATEMENT EXECUTE FUNCTION ${refresh}()`,
      ),
    ];
  },
};
