import { BUSINESS_UTC_OFFSET_MS, businessDay } from '@platform/domain-kit';
import type { PostgresDocuments } from '@platform/eventing';
import { RULE_CODES } from '../../matching';
import { hourFigures, HOURS_TABLE, WORKER_HOURS_TABLE, workerHourFigures } from './dispatch-outcome-hours';
import type { OutcomeDoc } from './dispatch-outcomes.read-model';

export interface StatsScope {
  /** Null: every branch (cross-branch roles). */
  branchId: string | null;
  from: Date;
  to: Date;
  /** The Shanghai week (Monday to Sunday) whose load per worker is shown. */
  week: { from: Date; to: Date; days: string[] };
  topWorkers: number;
}

/** Buckets of time from placing to the first assignment, upper bounds in seconds. */
export const ASSIGN_BUCKETS = [
  { bucket: 'under_1m', below: 60 },
  { bucket: '1_5m', below: 300 },
  { bucket: '5_15m', below: 900 },
  { bucket: '15_60m', below: 3600 },
  { bucket: '1_4h', below: 14_400 },
  { bucket: 'over_4h', below: null },
] as const;

/** The Shanghai week (Monday 00:00 to the next Monday) holding `now`. */
export function shanghaiWeek(now: Date): { from: Date; to: Date; days: string[] } {
  const today = businessDay(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = Date.parse(`${today}T00:00:00Z`) - weekday * 86_400_000 - BUSINESS_UTC_OFFSET_MS;
  const days = Array.from({ length: 7 }, (_, i) => businessDay(monday + i * 86_400_000));
  return { from: new Date(monday), to: new Date(monday + 7 * 86_400_000), days };
}

/** Every reason a worker is passed over for: the hard rules, and declining or not answering an offer. */
const REASONS = [...RULE_CODES, 'declined', 'no_answer'];

const field = (name: string) => `(document->>'${name}')`;

/** An hour row of `dispatch_outcome_hours` (but its seconds), or the same figures of a part-hour's documents. */
interface HourRow {
  branch: string;
  day: string;
  orders: number;
  outcomes: Record<string, number>;
  reasons: Record<string, number>;
  accept: number;
  arrive: number;
  finish: number;
}

/** The start of the hour holding `at` (`up`: the start of the next hour unless `at` is one). */
const hourOf = (at: Date, up: boolean) => {
  const hour = 3_600_000;
  return new Date((up ? Math.ceil(at.getTime() / hour) : Math.floor(at.getTime() / hour)) * hour);
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The dispatch dashboard's figures. The period's whole hours are read from
 * `dispatch_outcome_hours` (the documents' figures summed per branch and hour, kept by a trigger),
 * its part-hours at either end from the documents (narrowed by the indexed (branchId, start) or
 * (start)), with the same SQL; the rows are added up here: outcomes, the rules that ruled workers
 * out, time to assignment (per day and overall, and in buckets, from the sorted seconds) and missed
 * targets per branch and day. A second statement adds up the week's `dispatch_worker_hours` the same way
 * for the load of its busiest workers.
 */
export async function dispatchStats(docs: PostgresDocuments<OutcomeDoc>, scope: StatsScope) {
  const within = (from: Date, to: Date, first = 1) => {
    const params: unknown[] = [from.toISOString(), to.toISOString()];
    const where = [`document IS NOT NULL`, `${field('start')} >= $${first}`, `${field('start')} < $${first + 1}`];
    if (scope.branchId) {
      params.push(scope.branchId);
      where.push(`${field('branchId')} = $${first + 2}`);
    }
    return { where: where.join(' AND '), params };
  };
  // Whole hours [wholeFrom, wholeTo) from a summary; the rest of the period from the documents.
  const hourKey = (at: Date) => at.toISOString().slice(0, 13);
  const split = (from: Date, to: Date) => {
    const wholeFrom = hourOf(from, true);
    const wholeTo = new Date(Math.max(hourOf(to, false).getTime(), wholeFrom.getTime()));
    const head = within(from, new Date(Math.min(wholeFrom.getTime(), to.getTime())));
    const tail = within(new Date(Math.max(wholeTo.getTime(), from.getTime())), to, head.params.length + 1);
    const params = [...head.params, ...tail.params, hourKey(wholeFrom), hourKey(wholeTo)];
    const whole = [`hour >= $${params.length - 1}`, `hour < $${params.length}`];
    if (scope.branchId) {
      params.push(scope.branchId);
      whole.push(`branch = $${params.length}`);
    }
    /** The summary's rows of the whole hours, then the figures of the part-hours' documents. */
    const rows = (summary: string, columns: string, figures: (source: string) => string) =>
      `SELECT ${columns} FROM ${docs.qualify(summary)} WHERE ${whole.join(' AND ')}
       UNION ALL SELECT ${columns} FROM (${figures(`(SELECT document FROM ${docs.table} WHERE ${head.where}) head`)}) head_hours
       UNION ALL SELECT ${columns} FROM (${figures(`(SELECT document FROM ${docs.table} WHERE ${tail.where}) tail`)}) tail_hours`;
    return { params, rows };
  };
  const period = split(scope.from, scope.to);
  const week = split(scope.week.from, scope.week.to);
  const bucket = `CASE ${ASSIGN_BUCKETS.filter((b) => b.below !== null)
    .map((b) => `WHEN secs < ${b.below} THEN '${b.bucket}'`)
    .join(' ')} ELSE 'over_4h' END`;
  type Time = { day: string | null; overall: number; orders: number; median: number | null; p90: number | null };
  const [figures, load] = await Promise.all([
    // Seconds to assignment: percentiles and buckets over the rows' sorted seconds, in SQL.
    docs.pool.query<{ rows: HourRow[] | null; times: Time[] | null; buckets: { bucket: string; count: number }[] | null }>(
      `WITH h AS MATERIALIZED (${period.rows(HOURS_TABLE, 'branch, day, orders, outcomes, reasons, secs, accept, arrive, finish', hourFigures)})
       SELECT (SELECT json_agg(x) FROM (SELECT branch, day, orders, outcomes, reasons, accept, arrive, finish FROM h) x) AS rows,
              (SELECT json_agg(x ORDER BY x.day) FROM (
                 SELECT day, GROUPING(day) AS overall, count(*)::int AS orders,
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median,
                        percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
                 FROM (SELECT h.day, u.v AS secs FROM h, unnest(h.secs) AS u(v)) t GROUP BY GROUPING SETS ((day), ())) x) AS times,
              (SELECT json_agg(x) FROM (SELECT ${bucket} AS bucket, count(*)::int AS count FROM (SELECT h.day, u.v AS secs FROM h, unnest(h.secs) AS u(v)) t GROUP BY 1) x) AS buckets`,
      period.params,
    ),
    docs.pool.query<{ worker_id: string; day: string; jobs: number; minutes: number; workers: number }>(
      `WITH load AS (
         SELECT worker AS worker_id, day, sum(jobs)::int AS jobs, sum(minutes)::int AS minutes
         FROM (${week.rows(WORKER_HOURS_TABLE, 'worker, day, jobs, minutes', workerHourFigures)}) w
         GROUP BY 1, 2),
       top AS (SELECT worker_id FROM load GROUP BY 1 ORDER BY sum(jobs) DESC, 1 LIMIT ${Math.trunc(scope.topWorkers)})
       SELECT load.*, (SELECT count(DISTINCT worker_id) FROM load)::int AS workers
       FROM load JOIN top USING (worker_id) ORDER BY worker_id, day`,
      week.params,
    ),
  ]);
  const outcomeCounts = new Map<string, number>();
  const ruled = new Map<string, number>();
  const { rows, times, buckets } = figures.rows[0]!;
  const breachesPer = new Map<string, { branchId: string | null; day: string; accept: number; arrive: number; finish: number }>();
  for (const row of rows ?? []) {
    for (const [outcome, n] of Object.entries(row.outcomes)) outcomeCounts.set(outcome, (outcomeCounts.get(outcome) ?? 0) + n);
    for (const [rule, n] of Object.entries(row.reasons)) ruled.set(rule, (ruled.get(rule) ?? 0) + n);
    if (row.accept + row.arrive + row.finish > 0) {
      const key = `${row.day} ${row.branch}`;
      const b = breachesPer.get(key) ?? { branchId: row.branch || null, day: row.day, accept: 0, arrive: 0, finish: 0 };
      b.accept += row.accept;
      b.arrive += row.arrive;
      b.finish += row.finish;
      breachesPer.set(key, b);
    }
  }
  const outcomes = [...outcomeCounts]
    .map(([outcome, count]) => ({ outcome, count }))
    .sort((a, b) => b.count - a.count || byText(a.outcome, b.outcome));
  const count = (outcome: string) => outcomeCounts.get(outcome) ?? 0;
  const overall = times?.find((t) => t.overall === 1);
  const breaches = [...breachesPer.values()].sort(
    (a, b) => byText(a.day, b.day) || (a.branchId === b.branchId ? 0 : a.branchId === null ? 1 : b.branchId === null ? -1 : byText(a.branchId, b.branchId)),
  );
  return {
    orders: outcomes.reduce((sum, o) => sum + o.count, 0),
    assigned: count('first_offer') + count('after_passes') + count('manual'),
    // Null, not 0, when the period has no assigned order (the page shows "–").
    medianSecondsToAssign: overall && overall.orders > 0 ? Number(overall.median) : null,
    slaBreaches: breaches.reduce((sum, b) => sum + b.accept + b.arrive + b.finish, 0),
    outcomes,
    reasons: REASONS.map((rule) => ({ rule, workers: ruled.get(rule) ?? 0 }))
      .filter((r) => r.workers > 0)
      .sort((a, b) => b.workers - a.workers || a.rule.localeCompare(b.rule)),
    timeToAssign: (times ?? [])
      .filter((t) => t.overall === 0)
      .map((t) => ({ day: t.day, orders: t.orders, medianSeconds: Number(t.median), p90Seconds: Number(t.p90) })),
    timeToAssignBuckets: ASSIGN_BUCKETS.map(({ bucket: b }) => ({
      bucket: b,
      count: buckets?.find((r) => r.bucket === b)?.count ?? 0,
    })),
    slaBreachesPerDay: breaches,
    weekLoad: {
      days: scope.week.days,
      workerCount: load.rows[0]?.workers ?? 0,
      load: load.rows.map(({ worker_id, day, jobs, minutes }) => ({ workerId: worker_id, day, jobs, minutes })),
    },
  };
}
