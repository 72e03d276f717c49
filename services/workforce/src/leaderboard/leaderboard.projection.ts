import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import {
  emptyJob,
  evolveJob,
  monthOf,
  spellOf,
  targetOf,
  type JobFacts,
  type LeaderboardEvent,
  type Month,
  type StationSpell,
} from './domain/leaderboard';

/** What is known of one job (order), with the Shanghai month of its completion for the boards' queries. */
export type JobDocument = JobFacts & { month: Month | null };

/** A worker's station history, with every station and branch in it, for finding a board's workers. */
export interface StationHistory {
  workerId: string;
  spells: StationSpell[];
  stationIds: string[];
  branchIds: string[];
}

const jobEventTypes = ['JobCheckedIn', 'JobCompleted', 'SafetyIncidentRecorded', 'ComplaintUpheld'] as const;
const historyEventTypes = ['WorkerApplied', 'WorkerMovedStation'] as const;

/**
 * The leaderboard's jobs, one document per order, fed by orders' and feedback's events (so a
 * rebuild replays their topics). A board is summed from them when it is asked for
 * (leaderboard.boards.ts), against each worker's station history: nothing is counted twice, and
 * a late or out-of-order event changes only what it is about.
 */
export const leaderboardJobs: ReadModel<JobDocument, 'mongo'> = {
  name: 'leaderboard_job_facts',
  store: 'mongo',
  handles: jobEventTypes,
  ids: (event) => [targetOf(event as LeaderboardEvent).id],
  evolve(job: JobDocument | null, event: EventEnvelope, orderId: string): JobDocument {
    const facts = evolveJob(job ?? emptyJob(orderId), event as LeaderboardEvent);
    return { ...facts, month: facts.completedAt === null ? null : monthOf(facts.completedAt) };
  },
  indexes: [{ fields: { month: 1, workerId: 1 } }],
};

/** Each worker's stations over time, from the worker's own stream. */
export const leaderboardHistories: ReadModel<StationHistory, 'mongo'> = {
  name: 'leaderboard_station_histories',
  store: 'mongo',
  handles: historyEventTypes,
  ids: (event) => [targetOf(event as LeaderboardEvent).id],
  evolve(history: StationHistory | null, event: EventEnvelope, workerId: string): StationHistory {
    const spells = [...(history?.spells ?? []), spellOf(event as LeaderboardEvent)!];
    return {
      workerId,
      spells,
      stationIds: [...new Set(spells.map((s) => s.stationId))],
      branchIds: [...new Set(spells.map((s) => s.branchId))],
    };
  },
  indexes: [{ fields: { stationIds: 1 } }, { fields: { branchIds: 1 } }],
};

export const leaderboardReadModels = [leaderboardJobs, leaderboardHistories];
