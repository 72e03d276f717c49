import { BUSINESS_UTC_OFFSET_MS, businessDay } from '@platform/domain-kit';
import type { PostgresDocuments } from '@platform/eventing';
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

const field = (name: string) => `(document->>'${name}')`;

/**
 * The dispatch dashboard's figures, each one aggregate query over `dispatch_outcomes` narrowed by
 * the indexed (branchId, start) or (start): the orders' outcomes, the rules that ruled workers
 * out, time to assignment (per day and overall in one pass, and in buckets), missed targets per
 * branch and day, and the week's load of the busiest workers.
 */
export async function dispatchStats(docs: PostgresDocuments<OutcomeDoc>, scope: StatsScope) {
  const within = (from: Date, to: Date) => {
    const params: unknown[] = [from.toISOString(), to.toISOString()];
    const where = [`document IS NOT NULL`, `${field('start')} >= $1`, `${field('start')} < $2`];
    if (scope.branchId) {
      params.push(scope.branchId);
      where.push(`${field('branchId')} = $3`);
    }
    return { where: where.join(' AND '), params };
  };
  const period = within(scope.from, scope.to);
  const week = within(scope.week.from, scope.week.to);
  const seconds = `${field('secondsToAssign')}::int`;
  const bucket = `CASE ${ASSIGN_BUCKETS.filter((b) => b.below !== null)
    .map((b) => `WHEN ${seconds} < ${b.below} THEN '${b.bucket}'`)
    .join(' ')} ELSE 'over_4h' END`;
  const pool = docs.pool;
  const [outcomes, reasons, times, buckets, breaches, load] = await Promise.all([
    pool.query<{ outcome: string; count: number }>(
      `SELECT ${field('outcome')} AS outcome, count(*)::int AS count FROM ${docs.table}
       WHERE ${period.where} GROUP BY 1 ORDER BY 2 DESC, 1`,
      period.params,
    ),
    pool.query<{ rule: string; workers: number }>(
      `SELECT r.key AS rule, sum(r.value::int)::int AS workers
       FROM ${docs.table}, jsonb_each_text(document->'reasons') r
       WHERE ${period.where} GROUP BY 1 ORDER BY 2 DESC, 1`,
      period.params,
    ),
    pool.query<{ day: string | null; orders: number; median: number; p90: number }>(
      `SELECT ${field('day')} AS day, count(*)::int AS orders,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds}) AS p90
       FROM ${docs.table} WHERE ${period.where} AND ${field('secondsToAssign')} IS NOT NULL
       GROUP BY GROUPING SETS ((1), ()) ORDER BY 1 NULLS FIRST`,
      period.params,
    ),
    pool.query<{ bucket: string; count: number }>(
      `SELECT ${bucket} AS bucket, count(*)::int AS count FROM ${docs.table}
       WHERE ${period.where} AND ${field('secondsToAssign')} IS NOT NULL GROUP BY 1`,
      period.params,
    ),
    pool.query<{ branch_id: string; day: string; accept: number; arrive: number; finish: number }>(
      `SELECT ${field('branchId')} AS branch_id, ${field('day')} AS day,
              sum((document->'breaches'->>'accept')::int)::int AS accept,
              sum((document->'breaches'->>'arrive')::int)::int AS arrive,
              sum((document->'breaches'->>'finish')::int)::int AS finish
       FROM ${docs.table} WHERE ${period.where} AND document->'breaches' <> '{"accept":0,"arrive":0,"finish":0}'::jsonb
       GROUP BY 1, 2 ORDER BY 2, 1`,
      period.params,
    ),
    pool.query<{ worker_id: string; day: string; jobs: number; minutes: number; workers: number }>(
      `WITH load AS (
         SELECT document->'assigned'->>'workerId' AS worker_id, ${field('day')} AS day,
                count(*)::int AS jobs, sum(${field('expectedMinutes')}::int)::int AS minutes
         FROM ${docs.table}
         WHERE ${week.where} AND document->'assigned' <> 'null'::jsonb AND NOT (document->'cancelled')::boolean
         GROUP BY 1, 2),
       top AS (SELECT worker_id FROM load GROUP BY 1 ORDER BY sum(jobs) DESC, 1 LIMIT ${Math.trunc(scope.topWorkers)})
       SELECT load.*, (SELECT count(DISTINCT worker_id) FROM load)::int AS workers
       FROM load JOIN top USING (worker_id) ORDER BY worker_id, day`,
      week.params,
    ),
  ]);

  const count = (outcome: string) => outcomes.rows.find((o) => o.outcome === outcome)?.count ?? 0;
  const overall = times.rows.find((t) => t.day === null);
  return {
    orders: outcomes.rows.reduce((sum, o) => sum + o.count, 0),
    assigned: count('first_offer') + count('after_passes') + count('manual'),
    medianSecondsToAssign: overall ? Number(overall.median) : null,
    slaBreaches: breaches.rows.reduce((sum, b) => sum + b.accept + b.arrive + b.finish, 0),
    outcomes: outcomes.rows,
    reasons: reasons.rows,
    timeToAssign: times.rows
      .filter((t) => t.day !== null)
      .map((t) => ({ day: t.day, orders: t.orders, medianSeconds: Number(t.median), p90Seconds: Number(t.p90) })),
    timeToAssignBuckets: ASSIGN_BUCKETS.map(({ bucket: b }) => ({
      bucket: b,
      count: buckets.rows.find((r) => r.bucket === b)?.count ?? 0,
    })),
    slaBreachesPerDay: breaches.rows.map(({ branch_id, ...rest }) => ({ branchId: branch_id, ...rest })),
    weekLoad: {
      days: scope.week.days,
      workerCount: load.rows[0]?.workers ?? 0,
      load: load.rows.map(({ worker_id, day, jobs, minutes }) => ({ workerId: worker_id, day, jobs, minutes })),
    },
  };
}
