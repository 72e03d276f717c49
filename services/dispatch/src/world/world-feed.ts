import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, eventsTopic } from '@platform/contracts';
import {
  BackgroundConsumers,
  CatchUp,
  ensureTopics,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { DispatchWorld } from './domain/dispatch-world';

/** The topics dispatch's view is made of, in this process's naming (prefix included). */
export const worldTopics = (prefix: string) =>
  ['orders', 'workforce', 'feedback', 'dispatch'].map((context) => `${prefix}${eventsTopic(context)}`);

/**
 * Feeds this process's `DispatchWorld` with every event of orders, workforce, feedback (ratings) and dispatch, from the
 * beginning (each process under its own consumer group: the view is in memory). `ready()` waits
 * for what existed at start-up; `reached(position)` for one message, so the reactions consumer
 * never decides on a view that has not seen the event it reacts to.
 */
@Injectable()
export class WorldFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly world = new DispatchWorld();
  private readonly catchUp = new CatchUp();
  private consumer?: EventConsumer;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    const topics = worldTopics(prefix);
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${prefix}dispatch-world`,
      privateGroup: true,
      topics,
      catalog: this.catalog,
      fromBeginning: true,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      // One member applies everything: the view has a single writer.
      partitionsConcurrently: 1,
      handle: async (event) => this.world.apply(event),
      progress: (position) => this.catchUp.advance(position),
    });
    // What existed at start-up is noted now; the group is joined in the background (readiness
    // waits for the view to be loaded, the HTTP port does not).
    await ensureTopics(this.kafka, topics);
    await this.catchUp.takeStartupEnds(this.kafka, topics);
    void this.background.launch(this.consumer);
    const started = Date.now();
    void this.catchUp.loaded.then(() =>
      console.log(
        `[dispatch] view loaded in ${Date.now() - started} ms: ${this.world.workers.size} workers, ${this.world.orders.size} orders`,
      ),
    );
  }

  /** Resolves once what existed at start-up is read, with no time limit. */
  get loaded(): Promise<void> {
    return this.catchUp.loaded;
  }

  ready(timeoutMs?: number): Promise<void> {
    return this.catchUp.ready(timeoutMs, "dispatch's view of orders and workers");
  }

  /** Resolves once the view holds the message at `position`; gives up when `signal` aborts. */
  reached(
    position: { topic: string; partition: number; offset: string },
    signal?: AbortSignal,
  ): Promise<void> {
    return this.catchUp.reached(position, 60_000, "dispatch's view of orders and workers", signal);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
