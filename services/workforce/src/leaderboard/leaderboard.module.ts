import { Module } from '@nestjs/common';
import { LeaderboardBoards, WORKER_STATIONS } from './leaderboard.boards';
import { LeaderboardResolver, WorkerLeaderboardResolver } from './leaderboard.resolver';

/**
 * Monthly leaderboards per station and branch (leaderboard.graphql). Needs the service's
 * `ReadModels` with `leaderboardReadModels` registered, and a GraphQL module whose type paths
 * include leaderboard.graphql and define `Query` and `Worker @key(fields: "id")`.
 */
@Module({
  providers: [
    LeaderboardBoards,
    { provide: WORKER_STATIONS, useExisting: LeaderboardBoards },
    LeaderboardResolver,
    WorkerLeaderboardResolver,
  ],
  exports: [LeaderboardBoards],
})
export class LeaderboardModule {}
