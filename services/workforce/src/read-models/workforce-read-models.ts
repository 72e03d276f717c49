import type { ReadModel } from '@platform/eventing';
import { leaderboardReadModels } from '../leaderboard/leaderboard.projection';
import { branchDirectory, stationDirectory } from './branches/branches.projection';
import { featureAudit } from './feature-audit/feature-audit.projection';
import { pipelineBoard } from './pipeline-board/pipeline-board.projection';
import { regularWorkers } from './regular-workers/regular-workers.projection';

/** Every read model of the workforce service; each can be dropped and rebuilt from the event log. */
export const workforceReadModels: readonly ReadModel<object>[] = [
  pipelineBoard,
  branchDirectory,
  stationDirectory,
  featureAudit,
  regularWorkers,
  ...leaderboardReadModels,
];
