import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventCatalog, allEvents } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { leaderboardEventTypes } from './domain/leaderboard';
import { LeaderboardStore } from './leaderboard.store';

export const LEADERBOARD_OPTIONS = Symbol('LEADERBOARD_OPTIONS');
export interface LeaderboardOptions {
  /** Run the live consumer in this process (the service's worker role). */
  consume: boolean;
}

const definitions = allEvents.filter((d) => (leaderboardEventTypes as readonly string[]).includes(d.type));

/**
 * The leaderboard reads other contexts' events whatever the process registers with EventingModule,
 * so it validates and upcasts them with its own catalogue (every version of the events it uses).
 */
export const leaderboardCatalog = new EventCatalog(definitions);
export const leaderboardTopics = (prefix: string): string[] => [
  ...new Set(definitions.map((d) => `${prefix}${d.topic}`)),
];
export const leaderboardGroup = (prefix: string): string => `${prefix}workforce-leaderboard`;

/** The live projection: orders', feedback's and workforce's events into the leaderboard documents. */
@Injectable()
export class LeaderboardConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(LEADERBOARD_OPTIONS) private readonly options: LeaderboardOptions,
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LeaderboardStore) private readonly store: LeaderboardStore,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.consume) void this.start();
  }

  /**
   * Joins group `<prefix>workforce-leaderboard` and applies events from its committed offsets,
   * started in the background (see BackgroundConsumers); resolves once it has started.
   */
  async start(): Promise<void> {
    if (this.consumer) return;
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: leaderboardGroup(prefix),
      topics: leaderboardTopics(prefix),
      catalog: leaderboardCatalog,
      fromBeginning: true,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      handle: (event) => this.store.apply(event),
      log: (line) => console.warn(`[workforce leaderboard] ${line}`),
    });
    await this.background.launch(this.consumer);
  }

  /** Leaves the group (a rebuild needs the group empty). */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
