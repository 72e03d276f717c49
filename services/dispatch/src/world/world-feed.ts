import { Controller, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { allEvents, eventsTopic, type EventEnvelope } from '@platform/contracts';
import {
  CatchUp,
  ensureTopics,
  EventContext,
  KAFKA,
  KafkaEventTransport,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import type { Kafka } from 'kafkajs';
import { DispatchWorld } from './domain/dispatch-world';

/** The consumer that feeds the view: a group of this process alone, from the beginning. */
export const WORLD_CONSUMER = 'world';
const WORLD_CONTEXTS = ['orders', 'workforce', 'feedback', 'dispatch'];
/** Every event of orders, workforce, feedback (ratings) and dispatch: the view is made of them. */
const WORLD_TYPES = [
  ...new Set(
    allEvents.filter((e) => WORLD_CONTEXTS.some((c) => e.topic === eventsTopic(c))).map((e) => e.type),
  ),
];

/** The topics dispatch's view is made of, in this process's naming (prefix included). */
export const worldTopics = (prefix: string) =>
  WORLD_CONTEXTS.map((context) => `${prefix}${eventsTopic(context)}`);

/**
 * This process's `DispatchWorld`, fed by consumer 'world' (below) with every event of orders,
 * workforce, feedback and dispatch. It stays in memory, rebuilt from the topics at every start,
 * because matching reads every worker of a district for each decision (a read model would be a
 * query per decision). `ready()` waits for what existed at start-up; `caughtUpWith(position)` for
 * one message, so a reaction never decides on a view that has not seen the event it reacts to.
 */
@Injectable()
export class WorldFeed implements OnApplicationBootstrap {
  readonly world = new DispatchWorld();
  private readonly catchUp = new CatchUp();
  private isLoaded = false;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KafkaEventTransport) transport: KafkaEventTransport,
  ) {
    transport.onProgress(WORLD_CONSUMER, (position) => this.catchUp.advance(position));
    void this.catchUp.loaded.then(() => (this.isLoaded = true));
  }

  /** Notes what exists at start-up, before the consumers start (the app is initialised first). */
  async onApplicationBootstrap(): Promise<void> {
    const topics = worldTopics(this.env.KAFKA_TOPIC_PREFIX);
    await ensureTopics(this.kafka, topics);
    await this.catchUp.takeStartupEnds(this.kafka, topics);
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

  /**
   * Resolves once the view holds what existed at start-up (however long that takes: a reaction on a
   * half-loaded view would find orders and workers missing) and the message at `position`; gives up
   * when the consumer's signal aborts.
   */
  async caughtUpWith({ topic, partition, offset, signal }: EventContext): Promise<void> {
    signal.throwIfAborted();
    if (!this.isLoaded)
      await new Promise<void>((resolve, reject) => {
        const cut = () => reject(signal.reason as Error);
        signal.addEventListener('abort', cut, { once: true });
        void this.loaded.then(() => {
          signal.removeEventListener('abort', cut);
          resolve();
        });
      });
    await this.catchUp.reached(
      { topic, partition, offset },
      60_000,
      "dispatch's view of orders and workers",
      signal,
    );
  }
}

/** Consumer 'world': one member applies everything, so the view has a single writer. */
@Controller()
export class WorldFeedConsumer {
  constructor(@Inject(WorldFeed) private readonly feed: WorldFeed) {}

  @EventPattern(WORLD_TYPES, { consumer: WORLD_CONSUMER })
  apply(@Payload() event: EventEnvelope): void {
    this.feed.world.apply(event);
  }
}

/** Consumer 'world''s settings: private to the process, from the beginning, one partition at a time. */
export const worldConsumerOptions = { privateGroup: true, fromBeginning: true, partitionsConcurrently: 1 };
