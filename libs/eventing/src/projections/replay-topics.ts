import type { EventCatalog, EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import { CatchUp } from '../kafka/catch-up';
import { EventConsumer } from '../kafka/event-consumer';
import { ensureTopics } from '../kafka/kafka';

/**
 * Reads topics from the beginning up to what they held when called, through a group of its own
 * (deleted afterwards): how a read model fed by another context's events, which the service's
 * own log does not hold, is rebuilt. Event topics are kept forever (`retention.ms` -1). Rejects
 * with the first error of `apply`, once the consumer has stopped.
 */
export async function replayTopics(options: {
  kafka: Kafka;
  topics: readonly string[];
  catalog: EventCatalog;
  groupId: string;
  apply: (event: EventEnvelope) => Promise<void>;
  /** Ends the replay early (the process is stopping): rejects with its reason. */
  signal?: AbortSignal;
}): Promise<void> {
  const { kafka, topics, catalog, groupId, apply, signal } = options;
  // A topic the other context has not written to yet is created, as its live consumer would.
  await ensureTopics(kafka, topics);
  const caughtUp = new CatchUp();
  await caughtUp.takeStartupEnds(kafka, topics);
  // The first error ends the replay: the consumer's own retry would park the event on the other
  // context's DLQ and count it as read, and the rebuild would report done without it. Events after
  // it are let through unhandled; the group is the replay's own and deleted when it stops.
  let failure: { error: unknown } | undefined;
  let abort!: () => void;
  const aborted = new Promise<void>((resolve) => (abort = resolve));
  const stop = () => {
    failure ??= { error: signal!.reason };
    abort();
  };
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  const consumer = new EventConsumer({
    kafka,
    groupId,
    privateGroup: true,
    topics,
    catalog,
    fromBeginning: true,
    handle: async (event) => {
      if (failure) return;
      try {
        await apply(event);
      } catch (error) {
        failure = { error };
        abort();
      }
    },
    progress: (position) => caughtUp.advance(position),
  });
  try {
    await consumer.start();
    await Promise.race([caughtUp.loaded, aborted]);
  } finally {
    signal?.removeEventListener('abort', stop);
    await consumer.stop();
  }
  if (failure) throw failure.error;
}
