import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';

export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.ERROR,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

/** Creates the topics that do not exist yet; safe to call from several processes at once. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  numPartitions = 3,
): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = topics
      .filter((t) => !existing.has(t))
      .map((topic) => ({
        topic,
        numPartitions,
        // An events topic is a log that read models are rebuilt from (the leaderboard recomputes
        // past months from orders' and feedback's topics): it keeps everything.
        ...(topic.endsWith('.events') ? { configEntries: [{ name: 'retention.ms', value: '-1' }] } : {}),
      }));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing, waitForLeaders: true })
        .catch((error: { type?: string }) => {
          if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
        });
    }
  } finally {
    await admin.disconnect();
  }
}
