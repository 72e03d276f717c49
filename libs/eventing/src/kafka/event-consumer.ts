import { deadLetterTopic, type EventCatalog, type EventEnvelope } from '@platform/contracts';
import {
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { Pause } from '../util/pause';
import { ensureTopics } from './kafka';

export interface RetryPolicy {
  attempts: number;
  initialMs: number;
  maxMs: number;
}

export interface EventConsumerOptions {
  kafka: Kafka;
  /** Used exactly as given (no suffix): instances with the same group id share the partitions. */
  groupId: string;
  topics: readonly string[];
  catalog: EventCatalog;
  /**
   * Handles one event, already validated and upcast. Must be idempotent by eventId: delivery is
   * at least once (a crash before the offset commit redelivers).
   */
  handle: (
    event: EventEnvelope,
    context: { topic: string; partition: number; offset: string },
  ) => Promise<void>;
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

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialMs: 100, maxMs: 5000 };

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
  state: ConsumerState = 'not started';

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** Resolves once the group is joined (or, after a crash, once kafkajs has scheduled its own restart). */
  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
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
      retry: { retries: 10, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // A join still in flight when `stop` came completes anyway: leave at once.
      if (this.stopping) void consumer.disconnect().catch(() => undefined);
      else this.state = 'consuming';
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!this.stopping) this.state = `retrying: ${payload.error.message}`;
    });
    await consumer.connect();
    if (await stopped()) return;
    await consumer.subscribe({ topics: [...topics], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
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
        console.warn(
          `[${this.options.groupId}] consumer failed to start, retrying in ${delay} ms: ${reason}`,
        );
        await this.consumer?.disconnect().catch(() => undefined);
        await this.producer?.disconnect().catch(() => undefined);
        await this.retryPause.for(delay);
      }
    }
  }

  /** Lets the batch in hand finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.retryPause.interrupt();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.state = 'stopped';
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    let handled: string | undefined;
    let sinceCommit = 0;
    const commit = async () => {
      if (handled === undefined) return;
      // Kafka's committed offset is the next one to read, hence + 1.
      await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(handled) + 1n).toString() }]);
      sinceCommit = 0;
    };
    for (const message of batch.messages) {
      // After a rebalance this partition may belong to another member: stop; what was handled
      // but not committed is redelivered to it, and handlers are idempotent.
      if (!isRunning() || isStale()) return;
      const beat = setInterval(() => heartbeat().catch(() => undefined), 1000);
      try {
        await this.handleMessage(topic, partition, message);
      } finally {
        clearInterval(beat);
      }
      resolveOffset(message.offset);
      handled = message.offset;
      if (++sinceCommit >= 100) await commit();
    }
    await commit();
  }

  private async handleMessage(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    await this.dealWith(topic, partition, message);
    this.options.progress?.({ topic, partition, offset: message.offset });
  }

  private async dealWith(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    let event: EventEnvelope | undefined;
    try {
      event = this.options.catalog.read(JSON.parse(message.value?.toString() ?? 'null'));
    } catch (error) {
      // A malformed event will never become valid: no point retrying it.
      await this.park(topic, partition, message, error, 0);
      return;
    }
    if (!event) return; // a type this consumer does not know
    const context = { topic, partition, offset: message.offset };
    let delay = this.retry.initialMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(event, context);
        return;
      } catch (error) {
        if (attempt >= this.retry.attempts) {
          await this.park(topic, partition, message, error, attempt);
          return;
        }
        this.options.log?.(
          `${this.options.groupId}: ${event.type} ${event.eventId} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
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
      `${this.options.groupId}: parking ${topic}[${partition}]@${message.offset} on ${deadLetterTopic(topic)}: ${reason}`,
    );
    await this.producer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-error': reason.slice(0, 4000),
            'dlq-attempts': String(attempts),
            'dlq-consumer-group': this.options.groupId,
            'dlq-original-topic': topic,
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-parked-at': new Date().toISOString(),
          },
        },
      ],
    });
  }
}
