import { BUSINESS_UTC_OFFSET_MS, businessDay } from '@platform/domain-kit';
import type { PostgresDocuments } from '@platform/eventing';
import { RULE_CODES } from '../../matching';
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

/**
 * The dispatch dashboard's figures from `dispatch_outcomes`, narrowed by the indexed
 * (branchId, start) or (start): one statement reads the period's documents once (parsing the
 * JSON is most of the cost) and aggregates the orders' outcomes, the rules that ruled workers out,
 * time to assignment (per day and overall, and in buckets) and missed targets per branch and day;
 * a second reads the week for the load of its busiest workers.
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
  const bucket = `CASE ${ASSIGN_BUCKETS.filter((b) => b.below !== null)
    .map((b) => `WHEN secs < ${b.below} THEN '${b.bucket}'`)
    .join(' ')} ELSE 'over_4h' END`;
  const list = (rows: string, order: string) => `(SELECT coalesce(json_agg(x ORDER BY ${order}), '[]') FROM (${rows}) x)`;
  type Time = { day: string | null; overall: number; orders: number; median: number; p90: number };
  type Breach = { branch_id: string; day: string; accept: number; arrive: number; finish: number };
  const [figures, load] = await Promise.all([
    // The period's documents are read once; each figure is an aggregate over what was read.
    docs.pool.query<{
      outcomes: { outcome: string; count: number }[];
      reasons: Record<string, number | null>;
      times: Time[];
      buckets: { bucket: string; count: number }[];
      breaches: Breach[];
    }>(
      `WITH o AS MATERIALIZED (
         SELECT ${field('outcome')} AS outcome, ${field('day')} AS day, ${field('branchId')} AS branch_id,
                ${field('secondsToAssign')}::int AS secs, document->'reasons' AS reasons,
                (document->'breaches'->>'accept')::int AS accept, (document->'breaches'->>'arrive')::int AS arrive,
                (document->'breaches'->>'finish')::int AS finish
         FROM ${docs.table} WHERE ${period.where})
       SELECT ${list(`SELECT outcome, count(*)::int AS count FROM o GROUP BY 1`, 'x.count DESC, x.outcome')} AS outcomes,
              (SELECT json_build_object(${REASONS.map((r) => `'${r}', sum((reasons->>'${r}')::int)`).join(', ')}) FROM o) AS reasons,
              ${list(
                `SELECT day, GROUPING(day) AS overall, count(*)::int AS orders,
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median,
                        percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
                 FROM o WHERE secs IS NOT NULL GROUP BY GROUPING SETS ((day), ())`,
                'x.day',
              )} AS times,
              ${list(`SELECT ${bucket} AS bucket, count(*)::int AS count FROM o WHERE secs IS NOT NULL GROUP BY 1`, 'x.bucket')} AS buckets,
              ${list(
                `SELECT branch_id, day, sum(accept)::int AS accept, sum(arrive)::int AS arrive, sum(finish)::int AS finish
                 FROM o WHERE accept + arrive + finish > 0 GROUP BY 1, 2`,
                'x.day, x.branch_id',
              )} AS breaches`,
      period.params,
    ),
    docs.pool.query<{ worker_id: string; day: string; jobs: number; minutes: number; workers: number }>(
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
  const { outcomes, reasons, times, buckets, breaches } = figures.rows[0]!;
  const count = (outcome: string) => outcomes.find((o) => o.outcome === outcome)?.count ?? 0;
  const overall = times.find((t) => t.overall === 1);
  return {
    orders: outcomes.reduce((sum, o) => sum + o.count, 0),
    assigned: count('first_offer') + count('after_passes') + count('manual'),
    medianSecondsToAssign: overall ? Number(overall.median) : null,
    slaBreaches: breaches.reduce((sum, b) => sum + b.accept + b.arrive + b.finish, 0),
    outcomes,
    // Summed per known reason (a function call per document to list its keys cost more than the rest).
    reasons: Object.entries(reasons)
      .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
      .map(([rule, workers]) => ({ rule, workers }))
      .sort((a, b) => b.workers - a.workers || a.rule.localeCompare(b.rule)),
    timeToAssign: times
      .filter((t) => t.overall === 0)
      .map((t) => ({ day: t.day, orders: t.orders, medianSeconds: Number(t.median), p90Seconds: Number(t.p90) })),
    timeToAssignBuckets: ASSIGN_BUCKETS.map(({ bucket: b }) => ({
      bucket: b,
      count: buckets.find((r) => r.bucket === b)?.count ?? 0,
    })),
    slaBreachesPerDay: breaches.map(({ branch_id, ...rest }) => ({ branchId: branch_id, ...rest })),
    weekLoad: {
      days: scope.week.days,
      workerCount: load.rows[0]?.workers ?? 0,
      load: load.rows.map(({ worker_id, day, jobs, minutes }) => ({ workerId: worker_id, day, jobs, minutes })),
    },
  };
}
