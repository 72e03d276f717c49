import { Module, type DynamicModule } from '@nestjs/common';
import { LEADERBOARD_OPTIONS, LeaderboardConsumer, type LeaderboardOptions } from './leaderboard.consumer';
import { LeaderboardRebuild } from './leaderboard.rebuild';
import { LeaderboardResolver, WorkerLeaderboardResolver } from './leaderboard.resolver';
import { LeaderboardStore, WORKER_STATIONS } from './leaderboard.store';

/**
 * Monthly leaderboards per station and branch (leaderboard.graphql). Needs EventingModule (global:
 * MONGO_CONNECTION, KAFKA, PLATFORM_ENV) and a GraphQL module whose type paths include
 * leaderboard.graphql and define `Query` and `Worker @key(fields: "id")`.
 * `consume: true` runs the live consumer (group `<prefix>workforce-leaderboard`) in this process.
 */
@Module({})
export class LeaderboardModule {
  static forRoot(options: LeaderboardOptions): DynamicModule {
    return {
      module: LeaderboardModule,
      providers: [
        { provide: LEADERBOARD_OPTIONS, useValue: options },
        LeaderboardStore,
        { provide: WORKER_STATIONS, useExisting: LeaderboardStore },
        LeaderboardConsumer,
        LeaderboardRebuild,
        LeaderboardResolver,
        WorkerLeaderboardResolver,
      ],
      exports: [LeaderboardStore, WORKER_STATIONS, LeaderboardConsumer, LeaderboardRebuild],
    };
  }
}
