import type { EventCatalog, EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import { CatchUp } from '../kafka/catch-up';
import { EventConsumer } from '../kafka/event-consumer';
import { ensureTopics } from '../kafka/kafka';

/**
 * Reads topics from the beginning up to what they held when called, through a group of its own
 * (deleted afterwards): how a read model fed by another context's events, which the service's
 * own log does not hold, is rebuilt. Event topics are kept forever (`retention.ms` -1).
 */
export async function replayTopics(options: {
  kafka: Kafka;
  topics: readonly string[];
  catalog: EventCatalog;
  groupId: string;
  apply: (event: EventEnvelope) => Promise<void>;
}): Promise<void> {
  const { kafka, topics, catalog, groupId, apply } = options;
  // A topic the other context has not written to yet is created, as its live consumer would.
  await ensureTopics(kafka, topics);
  const caughtUp = new CatchUp();
  await caughtUp.takeStartupEnds(kafka, topics);
  const consumer = new EventConsumer({
    kafka,
    groupId,
    privateGroup: true,
    topics,
    catalog,
    fromBeginning: true,
    handle: apply,
    progress: (position) => caughtUp.advance(position),
  });
  try {
    await consumer.start();
    await caughtUp.loaded;
  } finally {
    await consumer.stop();
  }
}
