import type {
  ComplaintUpheld,
  EventData,
  EventEnvelope,
  JobCheckedIn,
  JobCompleted,
  SafetyIncidentRecorded,
  WorkerApplied,
  WorkerMovedStation,
} from '@platform/contracts';
import { BUSINESS_UTC_OFFSET_MS } from '@platform/domain-kit';

/**
 * Monthly leaderboards of workers, per station and per branch (pure: no I/O, no clock).
 *
 * Definitions, for one worker and one month (calendar month in Asia/Shanghai, UTC+8, no DST):
 * - A job is an order the worker completed (`JobCompleted`); it counts in the month of its
 *   completion, for the station (and that station's branch) the worker belonged to at that instant.
 * - Hours served by a job = its `JobCompleted.occurredAt` − its `JobCheckedIn.occurredAt` (0 when
 *   no check-in is known, or when the clocks disagree and the difference is negative).
 * - jobsCompleted: the month's jobs. hoursServed: their hours.
 * - hoursWithoutIncident: an incident (`SafetyIncidentRecorded`) is dated at the completion of the
 *   job it concerns. If the worker's latest incident on or before the month's end falls in this
 *   month, only the hours of the month's jobs completed strictly after that incident's job count;
 *   otherwise all the month's hours count. So an incident resets the streak within its month, and
 *   an incident reported late changes the month of its job, not the month it was reported in.
 * - hoursWithoutComplaint: the same with upheld complaints (`ComplaintUpheld`).
 * - Incidents and complaints count against the worker who completed the job (the `workerId` of
 *   `JobCompleted`), and only once the job's completion is known.
 * - Ranking: value descending, then workerId ascending; equal values share a rank and the next
 *   rank skips (1, 1, 3: "competition ranking"). A worker appears on a board when they completed at
 *   least one job there in the month.
 *
 * Station at completion: the worker's station history (`WorkerApplied`, then each
 * `WorkerMovedStation`, in stream order) gives the station whose spell started last at or before
 * the completion. A job completed before the worker's first spell (clock skew between services)
 * counts for the first station. A job of a worker with no known history counts as "unknown station"
 * (on no board) until the history arrives, whatever the order events arrive in.
 */

const HOUR_MS = 3600_000;

/** `YYYY-MM`, a calendar month in Shanghai. */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (value: string): boolean => MONTH.test(value);

/** The Shanghai month an instant (epoch ms) falls in. */
export function monthOf(instant: number): Month {
  const local = new Date(instant + BUSINESS_UTC_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instants a Shanghai month spans: [start, end). */
export function monthRange(month: Month): { start: number; end: number } {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    start: Date.UTC(year, index, 1) - BUSINESS_UTC_OFFSET_MS,
    end: Date.UTC(year, index + 1, 1) - BUSINESS_UTC_OFFSET_MS,
  };
}

/** Hours for display, to the hundredth; totals are kept in exact milliseconds. */
export const hoursOf = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

export type LeaderboardEvent =
  | EventEnvelope<'JobCheckedIn', EventData<typeof JobCheckedIn>>
  | EventEnvelope<'JobCompleted', EventData<typeof JobCompleted>>
  | EventEnvelope<'SafetyIncidentRecorded', EventData<typeof SafetyIncidentRecorded>>
  | EventEnvelope<'ComplaintUpheld', EventData<typeof ComplaintUpheld>>
  | EventEnvelope<'WorkerApplied', EventData<typeof WorkerApplied>>
  | EventEnvelope<'WorkerMovedStation', EventData<typeof WorkerMovedStation>>;

/** Which document an event changes: a job (by orderId) or a worker's station history. */
export function targetOf(event: LeaderboardEvent): { kind: 'job' | 'worker'; id: string } {
  switch (event.type) {
    case 'WorkerApplied':
    case 'WorkerMovedStation':
      return { kind: 'worker', id: event.data.workerId };
    default:
      return { kind: 'job', id: event.data.orderId };
  }
}

/** One station a worker belonged to, from `at` until the next spell. */
export interface StationSpell {
  at: number;
  stationId: string;
  branchId: string;
}

export type StationRef = { stationId: string; branchId: string };

export function spellOf(event: LeaderboardEvent): StationSpell | undefined {
  const at = Date.parse(event.occurredAt);
  if (event.type === 'WorkerApplied')
    return { at, stationId: event.data.stationId, branchId: event.data.branchId };
  if (event.type === 'WorkerMovedStation')
    return { at, stationId: event.data.toStationId, branchId: event.data.branchId };
  return undefined;
}

/** The station a job completed at `instant` counts for (see the rules at the top of this file). */
export function stationAt(spells: readonly StationSpell[], instant: number): StationRef | null {
  if (spells.length === 0) return null;
  let chosen: StationSpell | undefined;
  let earliest = spells[0]!;
  for (const spell of spells) {
    // `>=`: of two spells starting at the same instant, the later one in the stream wins.
    if (spell.at <= instant && (!chosen || spell.at >= chosen.at)) chosen = spell;
    if (spell.at < earliest.at) earliest = spell;
  }
  const { stationId, branchId } = chosen ?? earliest;
  return { stationId, branchId };
}

/** The worker's station now: the last spell of the history. */
export const currentStation = (spells: readonly StationSpell[]): StationRef | null => {
  const last = spells[spells.length - 1];
  return last ? { stationId: last.stationId, branchId: last.branchId } : null;
};

/** What is known about one job, whatever order its events arrived in. */
export interface JobFacts {
  orderId: string;
  /** Who completed it; null until `JobCompleted` is known. */
  workerId: string | null;
  checkedInAt: number | null;
  completedAt: number | null;
  incidentIds: string[];
  complaintIds: string[];
}

/** A job with the station it counts for, decided from `stationBasis` spells of its worker's history. */
export interface AttributedJob extends JobFacts {
  stationId: string | null;
  branchId: string | null;
  /** How many spells the attribution saw; a later attribution from fewer spells must not overwrite it. */
  stationBasis: number;
}

export const emptyJob = (orderId: string): JobFacts => ({
  orderId,
  workerId: null,
  checkedInAt: null,
  completedAt: null,
  incidentIds: [],
  complaintIds: [],
});

/** The job's facts after one of its events (events are facts: never rejected here). */
export function evolveJob(job: JobFacts, event: LeaderboardEvent): JobFacts {
  switch (event.type) {
    case 'JobCheckedIn':
      return { ...job, checkedInAt: Date.parse(event.occurredAt) };
    case 'JobCompleted':
      return { ...job, workerId: event.data.workerId, completedAt: Date.parse(event.occurredAt) };
    case 'SafetyIncidentRecorded':
      return job.incidentIds.includes(event.data.incidentId)
        ? job
        : { ...job, incidentIds: [...job.incidentIds, event.data.incidentId] };
    case 'ComplaintUpheld':
      return job.complaintIds.includes(event.data.complaintId)
        ? job
        : { ...job, complaintIds: [...job.complaintIds, event.data.complaintId] };
    default:
      return job;
  }
}

export const servedMsOf = (job: Pick<JobFacts, 'checkedInAt' | 'completedAt'>): number =>
  job.checkedInAt === null || job.completedAt === null ? 0 : Math.max(0, job.completedAt - job.checkedInAt);

export function attribute(job: JobFacts, spells: readonly StationSpell[]): AttributedJob {
  const station = job.completedAt === null ? null : stationAt(spells, job.completedAt);
  return {
    ...job,
    stationId: station?.stationId ?? null,
    branchId: station?.branchId ?? null,
    stationBasis: spells.length,
  };
}

/** One worker's totals for one month at one station (stationId null: station not known yet). */
export interface MonthTotals {
  month: Month;
  workerId: string;
  stationId: string | null;
  branchId: string | null;
  jobsCompleted: number;
  servedMs: number;
  servedMsWithoutIncident: number;
  servedMsWithoutComplaint: number;
}

export const monthTotalsId = (t: Pick<MonthTotals, 'month' | 'workerId' | 'stationId'>): string =>
  JSON.stringify([t.month, t.stationId, t.workerId]);

/**
 * A worker's totals for a month, one entry per station their jobs of the month count for (sorted
 * by stationId, unknown first). `jobs` may hold any of the worker's jobs; only those completed by
 * `workerId` in `month` count. The streaks run over the worker's whole month, across stations.
 */
export function workerMonthTotals(
  month: Month,
  workerId: string,
  jobs: readonly AttributedJob[],
): MonthTotals[] {
  const mine = jobs.filter(
    (job) => job.workerId === workerId && job.completedAt !== null && monthOf(job.completedAt) === month,
  );
  const latest = (has: (job: AttributedJob) => boolean) =>
    mine.reduce<number | null>(
      (at, job) => (has(job) && (at === null || job.completedAt! > at) ? job.completedAt! : at),
      null,
    );
  const lastIncident = latest((job) => job.incidentIds.length > 0);
  const lastComplaint = latest((job) => job.complaintIds.length > 0);
  const byStation = new Map<string | null, MonthTotals>();
  for (const job of mine) {
    const totals = byStation.get(job.stationId) ?? {
      month,
      workerId,
      stationId: job.stationId,
      branchId: job.branchId,
      jobsCompleted: 0,
      servedMs: 0,
      servedMsWithoutIncident: 0,
      servedMsWithoutComplaint: 0,
    };
    const served = servedMsOf(job);
    totals.jobsCompleted += 1;
    totals.servedMs += served;
    if (lastIncident === null || job.completedAt! > lastIncident) totals.servedMsWithoutIncident += served;
    if (lastComplaint === null || job.completedAt! > lastComplaint) totals.servedMsWithoutComplaint += served;
    byStation.set(job.stationId, totals);
  }
  return [...byStation.values()].sort((a, b) => compareIds(a.stationId ?? '', b.stationId ?? ''));
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const leaderboardMetrics = [
  'JOBS_COMPLETED',
  'HOURS_WITHOUT_INCIDENT',
  'HOURS_WITHOUT_COMPLAINT',
] as const;
export type LeaderboardMetric = (typeof leaderboardMetrics)[number];

export type Standing = Pick<
  MonthTotals,
  'workerId' | 'jobsCompleted' | 'servedMs' | 'servedMsWithoutIncident' | 'servedMsWithoutComplaint'
>;

/** A branch board counts a worker once, over all the branch's stations they served in the month. */
export function combineByWorker(rows: readonly Standing[]): Standing[] {
  const byWorker = new Map<string, Standing>();
  for (const row of rows) {
    const sum = byWorker.get(row.workerId);
    byWorker.set(
      row.workerId,
      sum
        ? {
            workerId: row.workerId,
            jobsCompleted: sum.jobsCompleted + row.jobsCompleted,
            servedMs: sum.servedMs + row.servedMs,
            servedMsWithoutIncident: sum.servedMsWithoutIncident + row.servedMsWithoutIncident,
            servedMsWithoutComplaint: sum.servedMsWithoutComplaint + row.servedMsWithoutComplaint,
          }
        : {
            workerId: row.workerId,
            jobsCompleted: row.jobsCompleted,
            servedMs: row.servedMs,
            servedMsWithoutIncident: row.servedMsWithoutIncident,
            servedMsWithoutComplaint: row.servedMsWithoutComplaint,
          },
    );
  }
  return [...byWorker.values()];
}

/** The metric's value: a count of jobs, or milliseconds for the hour metrics. */
export function metricValue(row: Standing, metric: LeaderboardMetric): number {
  switch (metric) {
    case 'JOBS_COMPLETED':
      return row.jobsCompleted;
    case 'HOURS_WITHOUT_INCIDENT':
      return row.servedMsWithoutIncident;
    case 'HOURS_WITHOUT_COMPLAINT':
      return row.servedMsWithoutComplaint;
    default: {
      const never: never = metric;
      throw new Error(`unknown metric ${String(never)}`);
    }
  }
}

export type Ranked<T extends Standing> = T & { rank: number; value: number };

/** Ranks a board (see the rules at the top of this file). */
export function rank<T extends Standing>(rows: readonly T[], metric: LeaderboardMetric): Ranked<T>[] {
  const sorted = rows
    .map((row) => ({ ...row, value: metricValue(row, metric), rank: 0 }))
    .sort((a, b) => b.value - a.value || compareIds(a.workerId, b.workerId));
  sorted.forEach((row, i) => {
    row.rank = i > 0 && row.value === sorted[i - 1]!.value ? sorted[i - 1]!.rank : i + 1;
  });
  return sorted;
}
