import { Kafka, logLevel, type Admin, type ITopicConfig, type LogEntry } from 'kafkajs';

/** kafkajs's words for a group rebalancing: a member joined or left, which is normal operation. */
const REBALANCING = 'The group is rebalancing, so a rejoin is needed';
/** What a partition's new leader answers until it acts as one; the request is tried again. */
const NOT_LEADER = 'This server is not the leader for that topic-partition';

/**
 * The level a kafkajs log line is reported at, or undefined to drop it. kafkajs logs every error
 * answer of the broker at ERROR; some of them are normal operation and, logged as errors, only hid
 * the real failures in a cut CI log and set off alerts:
 * - two processes creating the same topic at once: `ensureTopics` handles that answer (and throws
 *   on any other creation error), so it is dropped;
 * - a rebalance (an instance starting or stopping) answered to a heartbeat, commit or sync: the
 *   consumer rejoins by itself, so it is information;
 * - a new topic's leader not acting as one yet: kafkajs and `ensureTopics` ask again, a warning.
 */
export function reportedLevel({ level, log }: Pick<LogEntry, 'level' | 'log'>): logLevel | undefined {
  if (log.message.startsWith('Response CreateTopics') && log.error === 'Topic creation errors')
    return undefined;
  if (log.error === REBALANCING) return logLevel.INFO;
  if (log.error === NOT_LEADER) return logLevel.WARN;
  return level;
}

const LABELS: Partial<Record<logLevel, string>> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

const kafkaLog =
  () =>
  (entry: LogEntry): void => {
    const level = reportedLevel(entry);
    if (level === undefined) return;
    const { namespace, log } = entry;
    const line = JSON.stringify({
      ...log,
      level: LABELS[level],
      message: `${namespace ? `[${namespace}] ` : ''}${log.message}`,
    });
    if (level === logLevel.ERROR) console.error(line);
    else if (level === logLevel.WARN) console.warn(line);
    else console.info(line);
  };

export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.ERROR,
    logCreator: kafkaLog,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

const LEADERS_TIMEOUT_MS = 30_000;
/** What the broker answers while a new topic's metadata spreads and its leaders are elected. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const led = metadata.topics.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      // A leader in the metadata may not act as one yet: a service reading the topics' offsets at
      // once failed its start with 'This server is not the leader for that topic-partition'.
      if (led) {
        await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
        return;
      }
    } catch (error) {
      if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Kafka topics ${topics.join(', ')} have no partition leaders after ${LEADERS_TIMEOUT_MS / 1000} s: check the broker's log (npm run infra:status)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates the topics that do not exist yet and waits until every one of them can be used; safe to
 * call from several processes at once.
 */
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
        .createTopics({ topics: missing, waitForLeaders: false })
        .catch((error: { type?: string }) => {
          if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
        });
    }
    // Also for topics another process has just created: until their partitions have leaders, a
    // producer or consumer of them fails.
    await waitForLeaders(admin, topics);
  } finally {
    await admin.disconnect();
  }
}
