import type { EventEnvelope } from '@platform/contracts';
import {
  attribute,
  emptyJob,
  evolveJob,
  monthOf,
  spellOf,
  targetOf,
  workerMonthTotals,
  type AttributedJob,
  type JobFacts,
  type LeaderboardEvent,
  type Month,
  type MonthTotals,
  type StationSpell,
} from '../../src/leaderboard/domain/leaderboard';

// The leaderboard folded in memory, the oracle the domain spec checks the rules against.

interface Applied {
  /** Per source stream, the position of the last event applied (as applyOnce records it). */
  applied: Map<string, number>;
}

/** A worker as the leaderboard knows them: their station history, in stream order. */
export interface WorkerHistory {
  workerId: string;
  spells: StationSpell[];
}

/**
 * The whole leaderboard in memory. Applies each event at most once per target document and source stream, like `applyOnce`
 * (a redelivered or replayed event is a no-op), and gives the same result whatever order the
 * streams interleave in.
 */
export class LeaderboardFold {
  private readonly jobs = new Map<string, JobFacts & Applied>();
  private readonly workers = new Map<string, WorkerHistory & Applied>();

  /** Returns whether the event changed anything. */
  apply(event: LeaderboardEvent): boolean {
    const target = targetOf(event);
    if (target.kind === 'worker') {
      const worker: WorkerHistory & Applied = this.workers.get(target.id) ?? {
        workerId: target.id,
        spells: [],
        applied: new Map(),
      };
      if (!firstTime(worker, event)) return false;
      worker.spells.push(spellOf(event)!);
      this.workers.set(target.id, worker);
      return true;
    }
    const current = this.jobs.get(target.id) ?? { ...emptyJob(target.id), applied: new Map() };
    if (!firstTime(current, event)) return false;
    this.jobs.set(target.id, { ...evolveJob(current, event), applied: current.applied });
    return true;
  }

  /** Every job known, attributed to its station with the final histories. */
  *attributedJobs(): Generator<AttributedJob & Applied> {
    for (const job of this.jobs.values()) {
      yield { ...attribute(job, this.workers.get(job.workerId ?? '')?.spells ?? []), applied: job.applied };
    }
  }

  *workerHistories(): Generator<WorkerHistory & Applied> {
    yield* this.workers.values();
  }

  /** Every worker-month's totals, per station. */
  monthTotals(): MonthTotals[] {
    const byWorkerMonth = new Map<string, { workerId: string; month: Month; jobs: AttributedJob[] }>();
    for (const job of this.attributedJobs()) {
      if (job.workerId === null || job.completedAt === null) continue;
      const month = monthOf(job.completedAt);
      const key = `${month} ${job.workerId}`;
      const group = byWorkerMonth.get(key);
      if (group) group.jobs.push(job);
      else byWorkerMonth.set(key, { workerId: job.workerId, month, jobs: [job] });
    }
    const totals: MonthTotals[] = [];
    for (const { workerId, month, jobs } of byWorkerMonth.values())
      totals.push(...workerMonthTotals(month, workerId, jobs));
    return totals;
  }

  get size(): { jobs: number; workers: number } {
    return { jobs: this.jobs.size, workers: this.workers.size };
  }
}

function firstTime(target: Applied, event: Pick<EventEnvelope, 'streamId' | 'streamPosition'>): boolean {
  const last = target.applied.get(event.streamId);
  if (last !== undefined && last >= event.streamPosition) return false;
  target.applied.set(event.streamId, event.streamPosition);
  return true;
}
