import { Catch, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import {
  Server,
  type CustomTransportStrategy,
  type MessageHandler,
  type MicroserviceOptions,
  type NestMicroservice,
} from '@nestjs/microservices';
import type { EventCatalog, EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BackgroundConsumers } from '../kafka/background-consumers';
import { EventConsumer, type EventConsumerOptions, type HandlingContext } from '../kafka/event-consumer';
import { EventContext } from './event-context';

/** The consumer of an `@EventPattern` that names none. */
export const DEFAULT_CONSUMER = 'reactions';
/** The consumer that applies the service's read models to each event before its own handlers run. */
export const READ_MODELS_CONSUMER = 'read-models';

/**
 * Consumer 'read-models' retries an event for hours (up to 30 s apart) before parking it, where
 * others give up after about 1.5 s: evolve is pure, so a failure there is the infrastructure (the
 * database restarting), and a parked event would stay missing, since the applied-position guard
 * skips the stream's older events once a later one is applied (docs/adr/0015).
 */
export const READ_MODELS_RETRY = { attempts: 1000, initialMs: 100, maxMs: 30_000 } as const;

/** The group of a service's consumer: `<topic prefix><context>-<consumer>`. */
export const consumerGroupId = (topicPrefix: string, context: string, consumer: string): string =>
  `${topicPrefix}${context}-${consumer}`;

/** A consumer's settings, by its name, in `EventingModule.forRoot({ consumers })`. */
export type ConsumerOptions = Pick<
  EventConsumerOptions,
  'privateGroup' | 'fromBeginning' | 'partitionsConcurrently' | 'retry'
>;

/** The service's read models, as consumer 'read-models' applies them. */
export interface ReadModelApplier {
  /** Every event type some read model handles: their topics are subscribed to. */
  readonly types: readonly string[];
  /** Applies the event to every read model that handles its type. */
  apply(event: EventEnvelope): Promise<void>;
  /** Builds by replay the read models never built; the consumer starts once it is done. */
  buildNew?(signal: AbortSignal): Promise<readonly string[]>;
}

export interface KafkaEventTransportOptions {
  /** The bounded context: group ids are `<topic prefix><context>-<consumer>`. */
  context: string;
  kafka: Kafka;
  /** Every event the service reads: handled types name their topics; events are read through it. */
  catalog: EventCatalog;
  topicPrefix: string;
  sessionTimeoutMs: number;
  background: BackgroundConsumers;
  consumers?: Readonly<Record<string, ConsumerOptions>>;
  /** False in a process that only serves the API: its handlers never run (default true). */
  consume?: boolean;
  readModels?: ReadModelApplier;
}

type Position = Parameters<NonNullable<EventConsumerOptions['progress']>>[0];

/** One consumer group as the transport runs it. */
export interface ConsumerPlan {
  name: string;
  groupId: string;
  topics: readonly string[];
  /** The handlers' event types, in the order they were registered. */
  types: readonly string[];
  /** What the consumer does with one event: read models (consumer 'read-models'), then each handler in turn. */
  handle: (event: EventEnvelope, handling: HandlingContext) => Promise<void>;
  /** Its settings: those given to `EventingModule.forRoot({ consumers })` over the consumer's defaults. */
  options: ConsumerOptions;
}

interface RegisteredHandler {
  type: string;
  consumer: string;
  handle: MessageHandler;
}

/**
 * The project's Kafka consumer (`EventConsumer`: commit after handling, retry then DLQ,
 * heartbeats, parallel partitions, stop within seconds) as a custom transport of
 * @nestjs/microservices (docs/adr/0014-event-consumers-as-nest-transport.md): a reaction is a
 * controller method with `@EventPattern(type, { consumer })`. Each consumer name is one group,
 * subscribed to the topics of the types its handlers take; an event's handlers in one consumer run
 * one after the other, in the order Nest registered them, and an error goes back to the consumer
 * (retried, then parked). Consumers start in the background (`BackgroundConsumers`, readiness);
 * `close` (app.close(), before the stores close) stops them.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private readonly handlers: RegisteredHandler[] = [];
  private readonly progressListeners = new Map<string, ((position: Position) => void)[]>();
  private running: EventConsumer[] = [];
  /** Ends the read models' first build when the transport closes. */
  private readonly closing = new AbortController();
  private building?: Promise<void>;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  get consumes(): boolean {
    return this.options.consume ?? true;
  }

  /**
   * Nest chains the handlers of one pattern and runs the chain at once, concurrently; here each is
   * kept on its own, for its consumer, so that they run in turn and each one's error is its own.
   */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const where = `@${isEventHandler ? 'Event' : 'Message'}Pattern(${JSON.stringify(pattern)})`;
    if (!isEventHandler)
      throw new Error(`${where}: Kafka events are not requests, nothing answers them; use @EventPattern`);
    if (typeof pattern !== 'string') throw new Error(`${where}: the pattern is an event type (a string)`);
    const consumer = extras.consumer ?? DEFAULT_CONSUMER;
    if (typeof consumer !== 'string' || !/^[a-z][a-z0-9-]*$/.test(consumer))
      throw new Error(
        `${where}: consumer ${JSON.stringify(consumer)} must be a lowercase name, e.g. 'reactions'`,
      );
    this.handlers.push({ type: pattern, consumer, handle: callback });
  }

  /**
   * Tells `listener` of every message the consumer has dealt with (handled, parked, or skipped
   * because nothing handles its type), e.g. for a `CatchUp`. Call it before the app starts.
   */
  onProgress(consumer: string, listener: (position: Position) => void): void {
    this.progressListeners.set(consumer, [...(this.progressListeners.get(consumer) ?? []), listener]);
  }

  /** The consumers the registered handlers make, with their groups and topics. */
  plan(): ConsumerPlan[] {
    const { context, catalog, topicPrefix, readModels } = this.options;
    const byConsumer = new Map<string, RegisteredHandler[]>();
    if (readModels?.types.length) byConsumer.set(READ_MODELS_CONSUMER, []);
    for (const handler of this.handlers)
      byConsumer.set(handler.consumer, [...(byConsumer.get(handler.consumer) ?? []), handler]);
    for (const name of Object.keys(this.options.consumers ?? {}))
      if (!byConsumer.has(name))
        throw new Error(`EventingModule consumers: no @EventPattern names consumer '${name}'`);
    return [...byConsumer].map(([name, handlers]) => {
      const applied = name === READ_MODELS_CONSUMER ? readModels : undefined;
      const types = [...new Set(handlers.map((h) => h.type))];
      const topics = new Set<string>();
      for (const type of [...types, ...(applied?.types ?? [])]) {
        const topic = catalog.latest(type)?.topic;
        if (!topic)
          throw new Error(
            `consumer '${name}' handles ${type}, which is not among the events given to EventingModule.forRoot`,
          );
        topics.add(`${topicPrefix}${topic}`);
      }
      return {
        name,
        groupId: consumerGroupId(topicPrefix, context, name),
        topics: [...topics].sort(),
        types,
        handle: this.handling(handlers, applied),
        options: this.optionsOf(name),
      };
    });
  }

  private optionsOf(name: string): ConsumerOptions {
    const given = this.options.consumers?.[name];
    if (name !== READ_MODELS_CONSUMER) return { ...given };
    return { ...given, retry: { ...READ_MODELS_RETRY, ...given?.retry } };
  }

  private handling(handlers: readonly RegisteredHandler[], readModels: ReadModelApplier | undefined) {
    const byType = new Map<string, MessageHandler[]>();
    for (const { type, handle } of handlers) byType.set(type, [...(byType.get(type) ?? []), handle]);
    return async (event: EventEnvelope, handling: HandlingContext): Promise<void> => {
      await readModels?.apply(event);
      const context = new EventContext(handling);
      for (const handle of byType.get(event.type) ?? []) {
        const result: unknown = await handle(event, context);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      }
    };
  }

  /** Starts every consumer in the background and returns at once (see `BackgroundConsumers`). */
  listen(callback: (error?: unknown) => void): void {
    let plans: ConsumerPlan[];
    try {
      plans = this.consumes ? this.plan() : [];
    } catch (error) {
      return callback(error);
    }
    const { kafka, catalog, sessionTimeoutMs, background } = this.options;
    for (const plan of plans) {
      const listeners = this.progressListeners.get(plan.name) ?? [];
      const consumer = new EventConsumer({
        ...plan.options,
        kafka,
        catalog,
        groupId: plan.groupId,
        topics: plan.topics,
        sessionTimeoutMs,
        handle: plan.handle,
        log: (line) => console.warn(line),
        progress: (position) => listeners.forEach((listener) => listener(position)),
      });
      this.running.push(consumer);
      const buildNew = plan.name === READ_MODELS_CONSUMER ? this.options.readModels?.buildNew : undefined;
      if (buildNew) this.building = this.buildThenLaunch(consumer, buildNew);
      else void background.launch(consumer);
    }
    callback();
  }

  /**
   * Builds the read models never built before their consumer starts: its group is past the events
   * they need. A failure (the database away) is retried with backoff until the transport closes.
   */
  private async buildThenLaunch(
    consumer: EventConsumer,
    buildNew: (signal: AbortSignal) => Promise<readonly string[]>,
  ): Promise<void> {
    const { background } = this.options;
    const { signal } = this.closing;
    for (let delay = 1000; !signal.aborted; delay = Math.min(2 * delay, 30_000)) {
      background.wait(consumer, 'building: read models never built, by replay');
      try {
        await buildNew(signal);
        // A close that came as the build finished stops the consumer; it must not start it.
        if (!signal.aborted) void background.launch(consumer);
        return;
      } catch (error) {
        if (signal.aborted) return;
        const reason = error instanceof Error ? error.message : String(error);
        background.wait(consumer, `building: failed, retrying in ${delay} ms: ${reason}`);
        console.warn(`[${consumer.groupId}] building read models failed, retrying in ${delay} ms: ${reason}`);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Stops every consumer: each lets the event in hand finish or give up (its `signal`), and commits. */
  async close(): Promise<void> {
    this.closing.abort(new Error('the service is stopping'));
    await this.building;
    const running = this.running;
    this.running = [];
    // Every consumer is stopped even when one fails to: a skipped one would keep its partitions.
    const results = await Promise.allSettled(running.map((consumer) => consumer.stop()));
    const failed = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) throw new AggregateError(failed, `${failed.length} consumers failed to stop`);
  }

  on(): never {
    throw new Error('KafkaEventTransport has no events to listen to; readiness reads BackgroundConsumers');
  }

  unwrap<T>(): T {
    return this.running as T;
  }
}

/**
 * Gives a handler's error to the consumer as thrown, for its retries and the DLQ's `dlq-error`:
 * Nest's default filter for microservices would log it and replace it with 'Internal server error'.
 */
@Catch()
class ErrorsToTheConsumer implements ExceptionFilter {
  catch(error: unknown): never {
    throw error;
  }
}

/**
 * Connects the module's `KafkaEventTransport` to the app when the process consumes; returns
 * whether it did. Then `app.init()` (the handlers must not run before every module is set up) and
 * `app.startAllMicroservices()`, which returns at once. The app's global filters, pipes and guards
 * are for HTTP and GraphQL and do not apply to events.
 */
export function connectEventTransport(app: INestApplication): boolean {
  let transport: KafkaEventTransport;
  try {
    transport = app.get(KafkaEventTransport, { strict: false });
  } catch {
    return false; // a module without EventingModule: nothing to consume
  }
  if (!transport.consumes) return false;
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: transport },
    { deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new ErrorsToTheConsumer());
  // What connectMicroservice does itself unless deferred, now with the filter in place; the app
  // runs the lifecycle hooks, once.
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return true;
}
