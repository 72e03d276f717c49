import { Inject, Injectable } from '@nestjs/common';
import { ReadModels } from '@platform/eventing';
import {
  attribute,
  combineByWorker,
  currentStation,
  workerMonthTotals,
  type Month,
  type MonthTotals,
  type Standing,
  type StationRef,
} from './domain/leaderboard';
import {
  leaderboardHistories,
  leaderboardJobs,
  type JobDocument,
  type StationHistory,
} from './leaderboard.projection';

/** What the resolvers need to know about a worker: their station now. */
export interface WorkerStations {
  stationOf(workerId: string): Promise<StationRef | null>;
}
export const WORKER_STATIONS = Symbol('WORKER_STATIONS');

/**
 * The boards, summed from the job documents of the month and the station histories of the
 * workers who could be on them (domain/leaderboard.ts: a job counts for the station its worker
 * belonged to when it was completed).
 */
@Injectable()
export class LeaderboardBoards implements WorkerStations {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  private get jobs() {
    return this.readModels.documents(leaderboardJobs);
  }

  private get histories() {
    return this.readModels.documents(leaderboardHistories);
  }

  /** Each worker's totals of the month, per station their jobs count for. */
  private async totals(month: Month, histories: StationHistory[]): Promise<MonthTotals[]> {
    if (histories.length === 0) return [];
    const jobs = await this.jobs
      .query({ month, workerId: { $in: histories.map((h) => h.workerId) } })
      .lean<JobDocument[]>();
    return histories.flatMap((history) =>
      workerMonthTotals(
        month,
        history.workerId,
        jobs.filter((job) => job.workerId === history.workerId).map((job) => attribute(job, history.spells)),
      ),
    );
  }

  async stationBoard(month: Month, stationId: string): Promise<MonthTotals[]> {
    const histories = await this.histories.query({ stationIds: stationId }).lean<StationHistory[]>();
    return (await this.totals(month, histories)).filter((row) => row.stationId === stationId);
  }

  /** A branch board's rows: one per worker, over the branch's stations they served in the month. */
  async branchBoard(month: Month, branchId: string): Promise<Standing[]> {
    const histories = await this.histories.query({ branchIds: branchId }).lean<StationHistory[]>();
    return combineByWorker((await this.totals(month, histories)).filter((row) => row.branchId === branchId));
  }

  async workerMonth(month: Month, workerId: string): Promise<MonthTotals[]> {
    const history = await this.histories.get(workerId);
    const spells = history?.spells ?? [];
    const jobs = await this.jobs.find({ month, workerId });
    return workerMonthTotals(
      month,
      workerId,
      jobs.map((job) => attribute(job, spells)),
    );
  }

  async stationOf(workerId: string): Promise<StationRef | null> {
    return currentStation((await this.histories.get(workerId))?.spells ?? []);
  }
}
