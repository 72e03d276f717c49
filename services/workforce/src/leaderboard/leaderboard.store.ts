import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/contracts';
import { MONGO_CONNECTION, applyOnce, appliedField } from '@platform/eventing';
import { Schema, type AnyBulkWriteOperation, type Connection, type Model, type UpdateQuery } from 'mongoose';
import {
  attribute,
  combineByWorker,
  currentStation,
  isLeaderboardEvent,
  monthOf,
  monthTotalsId,
  spellOf,
  targetOf,
  workerMonthTotals,
  type AttributedJob,
  type LeaderboardEvent,
  type Month,
  type MonthTotals,
  type Standing,
  type StationRef,
  type StationSpell,
} from './domain/leaderboard';

/**
 * The leaderboard's documents in the service's MongoDB database:
 * - `leaderboard_jobs`, one per order: the job's facts (who completed it, check-in and completion
 *   times, incidents and complaints against it) and the station it counts for. Fed by one stream
 *   each (`order-…`, `incident-…`, `complaint-…`), so `_applied` stays small (ADR 0003).
 * - `leaderboard_workers`, one per worker: their station history, for attribution.
 * - `leaderboard_months`, one per month, worker and station: the totals the boards read. Never
 *   incremented: always recomputed from the worker-month's job documents ("settled"), so a
 *   redelivered, late or out-of-order event cannot make them drift.
 */
export const leaderboardCollections = {
  jobs: 'leaderboard_jobs',
  workers: 'leaderboard_workers',
  months: 'leaderboard_months',
} as const;

/** The indexes of each collection; the rebuild creates the same ones on its fresh collections. */
export const leaderboardIndexes: Record<keyof typeof leaderboardCollections, Record<string, 1>[]> = {
  jobs: [{ workerId: 1, month: 1 }],
  workers: [],
  months: [
    { month: 1, stationId: 1 },
    { month: 1, branchId: 1 },
    { month: 1, workerId: 1 },
  ],
};

export interface JobDoc {
  _id: string;
  workerId?: string | null;
  checkedInAt?: Date | null;
  completedAt?: Date | null;
  month?: Month | null;
  stationId?: string | null;
  branchId?: string | null;
  stationBasis?: number;
  incidentIds?: string[];
  complaintIds?: string[];
  _applied?: Record<string, number>;
}

export interface WorkerDoc {
  _id: string;
  spells?: { at: Date; stationId: string; branchId: string }[];
  _applied?: Record<string, number>;
}

export type MonthDoc = MonthTotals & { _id: string };

export const jobOfDoc = (doc: JobDoc): AttributedJob => ({
  orderId: doc._id,
  workerId: doc.workerId ?? null,
  checkedInAt: doc.checkedInAt ? doc.checkedInAt.getTime() : null,
  completedAt: doc.completedAt ? doc.completedAt.getTime() : null,
  incidentIds: doc.incidentIds ?? [],
  complaintIds: doc.complaintIds ?? [],
  stationId: doc.stationId ?? null,
  branchId: doc.branchId ?? null,
  stationBasis: doc.stationBasis ?? 0,
});

/** A job document as the rebuild writes it: absent fields mean "not known", as in live documents. */
export function docOfJob(job: AttributedJob, applied: Map<string, number>): JobDoc {
  const doc: JobDoc = { _id: job.orderId, stationBasis: job.stationBasis, _applied: appliedDoc(applied) };
  if (job.workerId !== null) doc.workerId = job.workerId;
  if (job.checkedInAt !== null) doc.checkedInAt = new Date(job.checkedInAt);
  if (job.completedAt !== null) {
    doc.completedAt = new Date(job.completedAt);
    doc.month = monthOf(job.completedAt);
  }
  if (job.stationId !== null) doc.stationId = job.stationId;
  if (job.branchId !== null) doc.branchId = job.branchId;
  if (job.incidentIds.length > 0) doc.incidentIds = job.incidentIds;
  if (job.complaintIds.length > 0) doc.complaintIds = job.complaintIds;
  return doc;
}

export const spellsOfDoc = (doc: WorkerDoc | null | undefined): StationSpell[] =>
  (doc?.spells ?? []).map((s) => ({ at: s.at.getTime(), stationId: s.stationId, branchId: s.branchId }));

export const docOfWorker = (
  workerId: string,
  spells: StationSpell[],
  applied: Map<string, number>,
): WorkerDoc => ({
  _id: workerId,
  spells: spells.map((s) => ({ at: new Date(s.at), stationId: s.stationId, branchId: s.branchId })),
  _applied: appliedDoc(applied),
});

export const docOfTotals = (totals: MonthTotals): MonthDoc => ({ _id: monthTotalsId(totals), ...totals });

/**
 * `_applied` as `applyOnce` (libs/eventing/src/projections/projection.ts) keeps it, so that live
 * events after a rebuild are deduplicated against what the rebuild wrote.
 */
function appliedDoc(applied: Map<string, number>): Record<string, number> {
  const doc: Record<string, number> = {};
  for (const [streamId, position] of applied) doc[appliedField(streamId)] = position;
  return doc;
}

const model = <T>(connection: Connection, name: string, collection: keyof typeof leaderboardCollections) => {
  const existing = connection.models[name] as Model<T> | undefined;
  if (existing) return existing;
  const schema = new Schema<T>(
    { _id: String },
    { collection: leaderboardCollections[collection], versionKey: false, strict: false },
  );
  for (const index of leaderboardIndexes[collection]) schema.index(index);
  return connection.model<T>(name, schema);
};

/** What the resolvers need to know about a worker: their station now. */
export interface WorkerStations {
  stationOf(workerId: string): Promise<StationRef | null>;
}
export const WORKER_STATIONS = Symbol('WORKER_STATIONS');

const SETTLE_ATTEMPTS = 10;

/**
 * Applies live events to the leaderboard documents and answers the boards' queries.
 *
 * Every handler writes its own document first (with `applyOnce`), then re-reads and recomputes what
 * depends on it; it does so even when the write was a redelivery (the crash may have come between
 * the write and the recomputation). Consumers of several partitions or processes may run at once:
 * - a job's station is written only from a longer station history than the one it was written
 *   from (`stationBasis`), and a history change re-attributes the worker's jobs after it is
 *   written, so either side sees the other's write;
 * - `settle` recomputes a worker-month until what it reads back equals what it would write, so the
 *   last writer always leaves totals that match the job documents.
 */
@Injectable()
export class LeaderboardStore implements WorkerStations {
  readonly jobs: Model<JobDoc>;
  readonly workers: Model<WorkerDoc>;
  readonly months: Model<MonthDoc>;

  constructor(@Inject(MONGO_CONNECTION) readonly connection: Connection) {
    this.jobs = model<JobDoc>(connection, 'LeaderboardJob', 'jobs');
    this.workers = model<WorkerDoc>(connection, 'LeaderboardWorker', 'workers');
    this.months = model<MonthDoc>(connection, 'LeaderboardMonth', 'months');
  }

  async apply(event: EventEnvelope): Promise<void> {
    if (!isLeaderboardEvent(event)) return;
    const target = targetOf(event);
    if (target.kind === 'worker') await this.applyToWorker(event, target.id);
    else await this.applyToJob(event, target.id);
  }

  private async applyToJob(event: LeaderboardEvent, orderId: string): Promise<void> {
    await applyOnce(this.jobs, orderId, event, jobUpdate(event));
    const doc = await this.jobs.findById(orderId).lean<JobDoc>();
    if (!doc?.workerId || !doc.completedAt || !doc.month) return;
    await this.attribute(doc.workerId, [jobOfDoc(doc)]);
    await this.settle(doc.workerId, doc.month);
  }

  private async applyToWorker(event: LeaderboardEvent, workerId: string): Promise<void> {
    const spell = spellOf(event)!;
    await applyOnce(this.workers, workerId, event, {
      $push: { spells: { at: new Date(spell.at), stationId: spell.stationId, branchId: spell.branchId } },
    });
    const jobs = (await this.jobs.find({ workerId }).lean<JobDoc[]>()).map(jobOfDoc);
    const moved = await this.attribute(
      workerId,
      jobs.filter((job) => job.completedAt !== null),
    );
    for (const month of moved) await this.settle(workerId, month);
  }

  /**
   * Writes each job's station as the worker's current history says, unless the job was already
   * attributed from at least as long a history. Returns the months whose jobs changed station.
   */
  private async attribute(workerId: string, jobs: AttributedJob[]): Promise<Set<Month>> {
    const spells = spellsOfDoc(await this.workers.findById(workerId).lean<WorkerDoc>());
    const basis = spells.length;
    const moved = new Set<Month>();
    if (basis === 0) return moved; // nothing known yet: the jobs stay on no station's board
    const groups = new Map<
      string,
      { station: Pick<AttributedJob, 'stationId' | 'branchId'>; ids: string[] }
    >();
    for (const job of jobs) {
      if (job.stationBasis >= basis) continue;
      const next = attribute(job, spells);
      if (next.stationId !== job.stationId || next.branchId !== job.branchId)
        moved.add(monthOf(job.completedAt!));
      const key = JSON.stringify([next.stationId, next.branchId]);
      const group = groups.get(key) ?? {
        station: { stationId: next.stationId, branchId: next.branchId },
        ids: [],
      };
      group.ids.push(job.orderId);
      groups.set(key, group);
    }
    for (const { station, ids } of groups.values()) {
      const notNewer = { $or: [{ stationBasis: { $lt: basis } }, { stationBasis: { $exists: false } }] };
      const filter = ids.length === 1 ? { _id: ids[0], ...notNewer } : { _id: { $in: ids }, ...notNewer };
      await this.jobs.updateMany(filter, { $set: { ...station, stationBasis: basis } });
    }
    return moved;
  }

  /** Recomputes one worker-month's totals from its job documents until they read back unchanged. */
  async settle(workerId: string, month: Month): Promise<void> {
    for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
      const [jobs, stored] = await Promise.all([
        this.jobs.find({ workerId, month }).lean<JobDoc[]>(),
        this.months.find({ month, workerId }).lean<MonthDoc[]>(),
      ]);
      const wanted = workerMonthTotals(month, workerId, jobs.map(jobOfDoc)).map(docOfTotals);
      const ops = changes(stored, wanted);
      if (ops.length === 0) return;
      await this.months.bulkWrite(ops, { ordered: false });
    }
    throw new Error(
      `leaderboard totals of ${workerId} for ${month} did not settle in ${SETTLE_ATTEMPTS} attempts`,
    );
  }

  async stationBoard(month: Month, stationId: string): Promise<MonthDoc[]> {
    return this.months.find({ month, stationId }).lean<MonthDoc[]>();
  }

  /** A branch board's rows: one per worker, over the branch's stations they served in the month. */
  async branchBoard(month: Month, branchId: string): Promise<Standing[]> {
    return combineByWorker(await this.months.find({ month, branchId }).lean<MonthDoc[]>());
  }

  async workerMonth(month: Month, workerId: string): Promise<MonthDoc[]> {
    return this.months.find({ month, workerId }).lean<MonthDoc[]>();
  }

  async stationOf(workerId: string): Promise<StationRef | null> {
    return currentStation(spellsOfDoc(await this.workers.findById(workerId).lean<WorkerDoc>()));
  }
}

function jobUpdate(event: LeaderboardEvent): UpdateQuery<JobDoc> {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'JobCheckedIn':
      return { $set: { checkedInAt: at } };
    case 'JobCompleted':
      return { $set: { workerId: event.data.workerId, completedAt: at, month: monthOf(at.getTime()) } };
    case 'SafetyIncidentRecorded':
      return { $addToSet: { incidentIds: event.data.incidentId } };
    case 'ComplaintUpheld':
      return { $addToSet: { complaintIds: event.data.complaintId } };
    default:
      throw new Error(`${event.type} does not change a job`);
  }
}

const totalsFields = [
  'month',
  'workerId',
  'stationId',
  'branchId',
  'jobsCompleted',
  'servedMs',
  'servedMsWithoutIncident',
  'servedMsWithoutComplaint',
] as const satisfies readonly (keyof MonthTotals)[];

function changes(stored: MonthDoc[], wanted: MonthDoc[]): AnyBulkWriteOperation<MonthDoc>[] {
  const byId = new Map(stored.map((doc) => [doc._id, doc]));
  const ops: AnyBulkWriteOperation<MonthDoc>[] = [];
  for (const doc of wanted) {
    const current = byId.get(doc._id);
    byId.delete(doc._id);
    if (current && totalsFields.every((field) => (current[field] ?? null) === doc[field])) continue;
    ops.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
  }
  for (const id of byId.keys()) ops.push({ deleteOne: { filter: { _id: id } } });
  return ops;
}
