import {
  deadLetterTopic,
  type DeadLetterHeader,
  type EventCatalog,
  type EventEnvelope,
} from '@platform/contracts';
import {
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pause } from '../util/pause';
import { ensureTopics } from './kafka';

export interface RetryPolicy {
  attempts: number;
  initialMs: number;
  maxMs: number;
}

export interface EventConsumerOptions {
  kafka: Kafka;
  /**
   * Used exactly as given: instances with the same group id share the partitions. With
   * `privateGroup` a random suffix is added instead (see there).
   */
  groupId: string;
  /**
   * A group of this process alone, for a view every instance reads whole from the beginning (an
   * in-memory view, the feature settings): the id gets a random suffix, and the group is deleted
   * when the consumer stops, so that restarts leave no groups behind.
   */
  privateGroup?: boolean;
  topics: readonly string[];
  catalog: EventCatalog;
  /**
   * Handles one event, already validated and upcast. Must be idempotent by eventId: delivery is
   * at least once (a crash before the offset commit redelivers).
   */
  handle: (event: EventEnvelope, context: HandlingContext) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  fromBeginning?: boolean;
  /** How long the group waits for a silent member (a crashed one) before giving its partitions away. */
  sessionTimeoutMs?: number;
  /** Partitions handled in parallel by this member; order still holds within each partition. */
  partitionsConcurrently?: number;
  log?: (message: string) => void;
  /** Told of every message once it is dealt with (handled, parked or skipped as unknown). */
  progress?: (position: { topic: string; partition: number; offset: string }) => void;
}

export interface HandlingContext {
  topic: string;
  partition: number;
  offset: string;
  /**
   * Aborts when the consumer stops: a handler waiting for something (a view to catch up) gives
   * up, and the event, left uncommitted, goes to the member that takes the partition next.
   */
  signal: AbortSignal;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialMs: 100, maxMs: 5000 };

/**
 * How long the broker may hold a fetch when there is nothing new. Stopping waits for the fetch in
 * flight: at kafkajs's default of 5 s, stopping a service took 4–5 s per consumer.
 */
const MAX_FETCH_WAIT_MS = 500;

/** How far a consumer started in the background has got, for readiness. */
export type ConsumerState = 'not started' | 'joining' | 'consuming' | 'stopped' | `retrying: ${string}`;

/**
 * A Kafka consumer on plain kafkajs (see docs/adr/0004-kafka-consumer-on-kafkajs.md): offsets are
 * committed only after an event is handled; a failing event is retried with backoff and then
 * parked on `<topic>.dlq` with the error, so one bad message does not block its partition.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly retry: RetryPolicy;
  private stopping = false;
  private startedInBackground?: Promise<void>;
  private readonly retryPause = new Pause();
  private readonly stopped = new AbortController();
  readonly groupId: string;
  state: ConsumerState = 'not started';

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.groupId = options.privateGroup ? `${options.groupId}-${randomUUID()}` : options.groupId;
  }

  /** Resolves once the group is joined (or, after a crash, once kafkajs has scheduled its own restart). */
  async start(): Promise<void> {
    const { kafka, topics } = this.options;
    const { groupId } = this;
    // `stop` may come at any await below: a start that finds it stopping undoes what it has set up.
    const stopped = () => this.stopping && this.stop().then(() => true);
    this.state = 'joining';
    await ensureTopics(kafka, [...topics, ...topics.map(deadLetterTopic)]);
    if (await stopped()) return;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    if (await stopped()) return;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: MAX_FETCH_WAIT_MS,
      retry: { retries: 10, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // A join still in flight when `stop` came completes anyway: leave at once.
      if (this.stopping) void this.leave(consumer).catch(() => undefined);
      else this.state = 'consuming';
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping) return;
      this.state = `retrying: ${payload.error.message}`;
      // kafkajs restarts only after errors it retries. Others (a commit refused because the group
      // dropped this member while a handler held the event loop) leave the consumer disconnected
      // for good, so it is started over here as a new member.
      if (!payload.restart) void this.startOver(consumer, payload.error.message);
    });
    await consumer.connect();
    if (await stopped()) return;
    await consumer.subscribe({ topics: [...topics], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(consumer, payload),
    });
  }

  /**
   * Starts consuming without holding up the caller (a service's HTTP port): joining a group after
   * a crash waits out the dead member's session, and a service takes commands without its
   * consumers, which catch up behind. A failed start is retried with backoff until `stop`;
   * `state` tells how far it got. The promise resolves when `start` has; it never rejects.
   */
  startInBackground(): Promise<void> {
    return (this.startedInBackground ??= this.keepStarting());
  }

  private async keepStarting(): Promise<void> {
    for (let delay = 1000; !this.stopping; delay = Math.min(2 * delay, 30_000)) {
      try {
        await this.start();
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.state = `retrying: ${reason}`;
        console.warn(`[${this.groupId}] consumer failed to start, retrying in ${delay} ms: ${reason}`);
        await this.backOff(delay);
      }
    }
  }

  /** After a crash kafkajs does not restart from: what `keepStarting` does after a failed start. */
  private async startOver(crashed: Consumer, reason: string): Promise<void> {
    // A crash of a consumer already replaced (or being stopped) is not this one's to handle.
    if (crashed !== this.consumer) return;
    console.warn(`[${this.groupId}] consumer crashed, starting over in 1000 ms: ${reason}`);
    await this.backOff(1000);
    await this.keepStarting();
  }

  /** Drops the consumer and producer of a failed start or a crash, and waits before the next try. */
  private async backOff(delay: number): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    // `stop` cuts a pause in progress short; one that came before must not start a pause at all.
    if (!this.stopping) await this.retryPause.for(delay);
  }

  /**
   * Lets the event in hand finish (or give up, see `HandlingContext.signal`), commits what was
   * handled, leaves the group, and deletes it if it is private.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort(new Error('the consumer is stopping'));
    this.retryPause.interrupt();
    if (this.consumer) await this.leave(this.consumer);
    await this.producer?.disconnect();
    this.state = 'stopped';
  }

  private async leave(consumer: Consumer): Promise<void> {
    await consumer.disconnect();
    if (!this.options.privateGroup) return;
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      // Left behind, the group holds no member and is dropped once its offsets expire.
      this.options.log?.(`${this.groupId}: not deleted on stop: ${String(error)}`);
    } finally {
      await admin.disconnect();
    }
  }

  private async handleBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const { topic, partition } = batch;
    let handled: string | undefined;
    let sinceCommit = 0;
    const commit = async () => {
      if (handled === undefined) return;
      // Kafka's committed offset is the next one to read, hence + 1.
      // The consumer that fetched the batch: after a start over, `this.consumer` is another member.
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(handled) + 1n).toString() }]);
      sinceCommit = 0;
    };
    // For the whole batch, not per message: a batch of many quick messages (each done before a
    // per-message timer fires) outlasted the session and the member was dropped mid-batch.
    const beat = setInterval(() => heartbeat().catch(() => undefined), 1000);
    try {
      for (const message of batch.messages) {
        // After a rebalance this partition may belong to another member: stop; what was handled
        // but not committed is redelivered to it, and handlers are idempotent.
        if (!isRunning() || isStale()) return;
        // Given up because the consumer is stopping: it stays uncommitted, for the next member.
        if (!(await this.handleMessage(topic, partition, message))) break;
        resolveOffset(message.offset);
        handled = message.offset;
        if (++sinceCommit >= 100) await commit();
      }
      await commit();
    } finally {
      clearInterval(beat);
    }
  }

  /** Whether the message was dealt with (handled, parked or skipped), so that it can be committed. */
  private async handleMessage(topic: string, partition: number, message: KafkaMessage): Promise<boolean> {
    const dealtWith = await this.dealWith(topic, partition, message);
    if (dealtWith) this.options.progress?.({ topic, partition, offset: message.offset });
    return dealtWith;
  }

  private async dealWith(topic: string, partition: number, message: KafkaMessage): Promise<boolean> {
    let event: EventEnvelope | undefined;
    try {
      event = this.options.catalog.read(JSON.parse(message.value?.toString() ?? 'null'));
    } catch (error) {
      // A malformed event will never become valid: no point retrying it.
      await this.park(topic, partition, message, error, 0);
      return true;
    }
    if (!event) return true; // a type this consumer does not know
    const context = { topic, partition, offset: message.offset, signal: this.stopped.signal };
    let delay = this.retry.initialMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(event, context);
        return true;
      } catch (error) {
        // Failing while stopping says nothing about the event (a view stopped under it, a wait cut
        // short): neither retried nor parked.
        if (this.stopping) return false;
        if (attempt >= this.retry.attempts) {
          await this.park(topic, partition, message, error, attempt);
          return true;
        }
        this.options.log?.(
          `${this.groupId}: ${event.type} ${event.eventId} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
        );
        await sleep(delay, undefined, { signal: this.stopped.signal }).catch(() => undefined);
        if (this.stopping) return false;
        delay = Math.min(delay * 2, this.retry.maxMs);
      }
    }
  }

  private async park(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.options.log?.(
      `${this.groupId}: parking ${topic}[${partition}]@${message.offset} on ${deadLetterTopic(topic)}: ${reason}`,
    );
    // Exactly the headers the published contract (AsyncAPI) promises for a parked message.
    const parked: Record<DeadLetterHeader, string> = {
      'dlq-error': reason.slice(0, 4000),
      'dlq-attempts': String(attempts),
      'dlq-consumer-group': this.groupId,
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-parked-at': new Date().toISOString(),
    };
    await this.producer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers: { ...message.headers, ...parked } }],
    });
  }
}
