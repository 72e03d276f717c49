import type { PostgresCompanion } from './read-model';

export interface HourlySummary {
  /** The summary table, in the read model's schema; its first columns are `branch text NOT NULL, hour text NOT NULL`. */
  name: string;
  /** The table's columns and primary key, SQL. */
  columns: string;
  /** The document fields of the branch and of the instant (an ISO string in UTC) whose hour keys a row. */
  branchField: string;
  startField: string;
  /** The document fields the figures read: a write that changes none of them changes no row. */
  counted: readonly string[];
  /** The rows, in the table's column order, of the documents `source` yields (rows with a column `document`). */
  figures(source: string): string;
}

/** A row's branch: '' for a document whose branch is not known yet (the key is text, not null). */
export const summaryBranch = (field: string) => `coalesce(document->>'${field}', '')`;
/** A row's hour of an ISO instant in UTC: `2026-12-07T08`, which sorts as time does. */
export const summaryHour = (field: string) => `left(document->>'${field}', 13)`;

/**
 * A summary of a PostgreSQL read model's documents per branch and hour (an `ReadModel.postgres`
 * companion), so that a period's figures add up a few hundred rows (plus the documents of the
 * part-hours at its ends) instead of reading every document of the period.
 *
 * A statement trigger on the documents keeps it: after any write (the projection's, a rebuild's,
 * or SQL written straight into the table) it recomputes, from the documents themselves and in the
 * write's transaction, the hours the changed documents were in and are in (those whose counted
 * fields changed), each hour under an advisory lock taken in order, so two writers of one hour
 * take turns and the second counts the first's change. The summary therefore always holds what
 * the documents hold: an event applied twice is skipped by the documents' guard (ADR 0015) and,
 * were it written again, would recompute the same rows; there are no increments to double.
 */
export function hourlySummary(summary: HourlySummary): PostgresCompanion {
  const branch = summaryBranch(summary.branchField);
  const hour = summaryHour(summary.startField);
  return {
    tables: [summary.name],
    setup(table, qualify) {
      const rows = qualify(summary.name);
      const refresh = qualify(`${summary.name}_refresh`);
      const counted = (row: string) =>
        `jsonb_build_array(${summary.counted.map((f) => `${row}.document->'${f}'`).join(', ')}, ${row}.document IS NULL)`;
      const differ = `${counted('o')} IS DISTINCT FROM ${counted('n')}`;
      // The hours of the documents a statement wrote: as they were (old) and as they are (new).
      const keys = (documents: string) =>
        `SELECT DISTINCT ${branch} AS b, ${hour} AS h FROM ${documents} WHERE document->>'${summary.startField}' IS NOT NULL`;
      const into = (documents: string) =>
        `SELECT array_agg(b ORDER BY b, h), array_agg(h ORDER BY b, h) INTO bs, hs FROM (${documents}) k;`;
      const trigger = `${summary.name}_`;
      return [
        // Made, and filled from the documents already there, when missing.
        `DO $$ BEGIN
           IF to_regclass('${rows.replace(/'/g, "''")}') IS NULL THEN
             CREATE TABLE ${rows} (${summary.columns});
             INSERT INTO ${rows} ${summary.figures(table)};
           END IF;
         END $$`,
        `CREATE OR REPLACE FUNCTION ${refresh}() RETURNS trigger LANGUAGE plpgsql AS $fn$
         DECLARE bs text[]; hs text[];
         BEGIN
           IF TG_OP = 'INSERT' THEN
             ${into(keys('new_rows'))}
           ELSIF TG_OP = 'DELETE' THEN
             ${into(keys('old_rows'))}
           ELSE
             -- Only the documents whose counted fields changed (most events change none of them).
             ${into(`${keys(`(SELECT o.document FROM old_rows o FULL JOIN new_rows n USING (id) WHERE ${differ}) o`)}
                     UNION ${keys(`(SELECT n.document FROM old_rows o FULL JOIN new_rows n USING (id) WHERE ${differ}) n`)}`)}
           END IF;
           IF bs IS NULL THEN RETURN NULL; END IF;
           -- One writer per hour at a time, the locks taken in order (no deadlock between writers).
           FOR i IN 1 .. array_length(bs, 1) LOOP
             PERFORM pg_advisory_xact_lock(hashtext('${summary.name}:' || bs[i] || ':' || hs[i]));
           END LOOP;
           -- Each statement reads what is committed now: another writer's change to an hour is
           -- seen once that writer has let go of it.
           DELETE FROM ${rows} t USING unnest(bs, hs) AS k(b, h) WHERE t.branch = k.b AND t.hour = k.h;
           INSERT INTO ${rows} ${summary.figures(
             `(SELECT d.document FROM unnest(bs, hs) AS k(b, h) JOIN ${table} d
                 ON d.document->>'${summary.startField}' >= k.h AND d.document->>'${summary.startField}' < k.h || ';'
                AND coalesce(d.document->>'${summary.branchField}', '') = k.b) hour_documents`,
           )};
           RETURN NULL;
         END $fn$`,
        ...(['INSERT', 'UPDATE', 'DELETE'] as const).map(
          (op) =>
            `CREATE OR REPLACE TRIGGER ${trigger}${op.toLowerCase()} AFTER ${op} ON ${table}
             REFERENCING ${op === 'INSERT' ? 'NEW TABLE AS new_rows' : op === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
             FOR EACH STATEMENT EXECUTE FUNCTION ${refresh}()`,
        ),
      ];
    },
  };
}
