import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export type ForeignEvent = {
  context: string;
  streamId: string;
  type: string;
  data: unknown;
  streamPosition?: number;
  /** 1 unless given: what a producer of an older release would publish. */
  schemaVersion?: number;
};

/**
 * Publishes events as another context's forwarder would, in order, to `<prefix><context>.events`
 * keyed by stream: a service under test meets the contract's events on the real broker without
 * the other service running.
 */
export async function publishEvents(topicPrefix: string, events: readonly ForeignEvent[]) {
  const kafka = new Kafka({
    clientId: 'test-foreign-context',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  const now = new Date().toISOString();
  const envelopes = events.map((e) => ({
    eventId: randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion ?? 1,
    streamId: e.streamId,
    streamPosition: e.streamPosition ?? 0,
    occurredAt: now,
    recordedAt: now,
    correlationId: randomUUID(),
    causationId: null,
    actor: { kind: 'system', id: `${e.context}-test` },
    data: e.data,
  }));
  const byTopic = new Map<string, { key: string; value: string }[]>();
  envelopes.forEach((envelope, i) => {
    const topic = `${topicPrefix}${events[i]!.context}.events`;
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []),
      { key: envelope.streamId, value: JSON.stringify(envelope) },
    ]);
  });
  try {
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  } finally {
    await producer.disconnect();
  }
  return envelopes;
}
