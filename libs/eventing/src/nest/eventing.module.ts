import { EventCatalog, type EventDefinition } from '@platform/contracts';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import type { Pool } from 'pg';
import { loadPlatformEnv, type PlatformEnv } from '../config/config';
import type { EventStore } from '../event-store/event-store';
import { BackgroundConsumers } from '../kafka/background-consumers';
import { EventStoreDbEventStore } from '../event-store/eventstoredb-event-store';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { Forwarder } from '../kafka/forwarder';
import { createKafka } from '../kafka/kafka';
import { createPool } from '../postgres/postgres';
import { KafkaEventTransport, type ConsumerOptions } from './event-transport';
import type { ReadModel } from '../projections/read-model';
import { ReadModels } from '../projections/read-models';
import { DurableTimers } from '../timers/durable-timers';

export const PLATFORM_ENV = Symbol('PLATFORM_ENV');
export const PG_POOL = Symbol('PG_POOL');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const KAFKA = Symbol('KAFKA');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
/** The service's PostgreSQL schema and MongoDB database name. */
export const STORAGE_SCHEMA = Symbol('STORAGE_SCHEMA');
const OPTIONS = Symbol('EVENTING_OPTIONS');

export interface EventingModuleOptions {
  /** The bounded context: names its PostgreSQL schema, its MongoDB database and its Kafka client. */
  context: string;
  /** Names the PostgreSQL schema and MongoDB database instead of `context` (tests isolate themselves with it). */
  storage?: string;
  /** Every event this process writes or reads (all versions). */
  events: readonly EventDefinition[];
  /** Run this process's forwarder to Kafka (default true; one instance leads, others stand by). */
  forward?: boolean;
  /** The service's read models (docs/adr/0015); their documents through the injectable `ReadModels`. */
  readModels?: readonly ReadModel<object>[];
  /**
   * Run this process's consumers: the `@EventPattern` handlers of its controllers, through
   * `KafkaEventTransport` (default true; a process that only serves the API sets false).
   */
  consume?: boolean;
  /** Settings of the consumers by name (`@EventPattern(type, { consumer })`, 'reactions' when unnamed). */
  consumers?: Readonly<Record<string, ConsumerOptions>>;
}

@Injectable()
class EventingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OPTIONS) private readonly options: EventingModuleOptions,
    @Inject(Forwarder) private readonly forwarder: Forwarder,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.forward ?? true) await this.forwarder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Started by ServiceModule's @OnTimer handlers (libs/service-kit), stopped here before the pool ends.
    await this.timers.stop();
    if (this.options.forward ?? true) await this.forwarder.stop();
    await this.store.close();
    await this.mongo.close();
    await this.pool.end();
  }
}

/**
 * Wires the platform for one service from environment variables (checked at start-up):
 * event store, catalogue, Kafka, forwarder, durable timers and the MongoDB connection.
 * Stopped by the app's shutdown (`stopOnSignals` in @platform/service-kit), after the service's
 * own consumers: timers, then the forwarder, then the stores.
 */
@Module({})
export class EventingModule {
  static forRoot(options: EventingModuleOptions): DynamicModule {
    const schema = (options.storage ?? options.context).replace(/[^a-z0-9_]/gi, '_');
    // The variables as they are now, when the service builds its module: resolving them later, while
    // another service in the same process is being configured, would read that service's topics.
    const variables = { ...process.env };
    return {
      module: EventingModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: STORAGE_SCHEMA, useValue: schema },
        { provide: PLATFORM_ENV, useFactory: () => loadPlatformEnv(variables) },
        { provide: EventCatalog, useValue: new EventCatalog(options.events) },
        {
          provide: PG_POOL,
          inject: [PLATFORM_ENV],
          useFactory: (env: PlatformEnv) => createPool(env.PG_URL, env.PG_POOL_SIZE),
        },
        {
          provide: EVENT_STORE,
          inject: [PLATFORM_ENV, PG_POOL],
          useFactory: async (env: PlatformEnv, pool: Pool): Promise<EventStore> =>
            env.EVENT_STORE === 'eventstoredb'
              ? EventStoreDbEventStore.create(env.EVENTSTORE_URL!)
              : PostgresEventStore.create(pool, schema),
        },
        {
          provide: KAFKA,
          inject: [PLATFORM_ENV],
          useFactory: (env: PlatformEnv) => createKafka(env.KAFKA_BROKERS, options.context),
        },
        {
          provide: MONGO_CONNECTION,
          inject: [PLATFORM_ENV],
          useFactory: (env: PlatformEnv) =>
            mongoose.createConnection(env.MONGO_URL, { dbName: schema }).asPromise(),
        },
        {
          provide: DurableTimers,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => DurableTimers.create(pool, schema),
        },
        {
          provide: Forwarder,
          inject: [PLATFORM_ENV, EVENT_STORE, EventCatalog, KAFKA, PG_POOL],
          useFactory: (
            env: PlatformEnv,
            store: EventStore,
            catalog: EventCatalog,
            kafka: Kafka,
            pool: Pool,
          ) =>
            new Forwarder({
              name: 'kafka',
              store,
              catalog,
              kafka,
              pool,
              schema,
              topicPrefix: env.KAFKA_TOPIC_PREFIX,
              batchSize: env.FORWARDER_BATCH_SIZE,
              idleMs: env.FORWARDER_IDLE_MS,
            }),
        },
        { provide: BackgroundConsumers, useFactory: () => new BackgroundConsumers() },
        {
          provide: KafkaEventTransport,
          inject: [PLATFORM_ENV, KAFKA, EventCatalog, BackgroundConsumers, ReadModels],
          useFactory: (
            env: PlatformEnv,
            kafka: Kafka,
            catalog: EventCatalog,
            background: BackgroundConsumers,
            readModels: ReadModels,
          ) =>
            new KafkaEventTransport({
              context: options.context,
              kafka,
              catalog,
              topicPrefix: env.KAFKA_TOPIC_PREFIX,
              sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
              background,
              consumers: options.consumers,
              consume: options.consume,
              readModels: {
                types: [...new Set((options.readModels ?? []).flatMap((r) => r.handles))],
                apply: (event) => readModels.apply(event),
                buildNew: (signal) => readModels.buildNew({ signal }),
              },
            }),
        },
        {
          provide: ReadModels,
          inject: [PLATFORM_ENV, PG_POOL, MONGO_CONNECTION, EVENT_STORE, EventCatalog, KAFKA],
          useFactory: (
            env: PlatformEnv,
            pool: Pool,
            mongo: Connection,
            store: EventStore,
            catalog: EventCatalog,
            kafka: Kafka,
          ) =>
            ReadModels.create({
              readModels: options.readModels ?? [],
              pool,
              schema,
              mongo,
              store,
              catalog,
              context: options.context,
              kafka,
              topicPrefix: env.KAFKA_TOPIC_PREFIX,
            }),
        },
        EventingLifecycle,
      ],
      exports: [
        BackgroundConsumers,
        KafkaEventTransport,
        STORAGE_SCHEMA,
        PLATFORM_ENV,
        EventCatalog,
        PG_POOL,
        EVENT_STORE,
        KAFKA,
        MONGO_CONNECTION,
        DurableTimers,
        Forwarder,
        ReadModels,
      ],
    };
  }
}
