import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/**
 * One id per test run, in every name a test makes (`uniqueName`: schema, database, topic prefix,
 * consumer group). test/global-setup.ts sets TEST_RUN_ID; the jest workers and the processes they
 * start inherit it. Several runs share one broker (engineers, CI jobs), so a run's teardown deletes
 * what this id marks and nothing of a run going on beside it.
 */
export const newTestRunId = (): string => randomBytes(3).toString('hex');

// Outside a test run (a benchmark, a script) names still differ per process.
const processRunId = newTestRunId();
export const testRunId = (): string => process.env.TEST_RUN_ID || processRunId;

/** `<prefix>_<run id><8 random hex>`. */
export const runScopedName = (prefix: string, runId = testRunId()): string =>
  `${prefix}_${runId}${randomBytes(4).toString('hex')}`;

/** Whether a topic or group name holds a name `runScopedName` made in run `runId`. */
export const madeInRun =
  (runId: string) =>
  (name: string): boolean =>
    new RegExp(`_${runId}[0-9a-f]{8}(?![0-9a-f])`).test(name);

/**
 * Deletes the topics (their dead-letter topics included) and consumer groups a test run left on the
 * broker, and answers what is still there after a short wait (the broker deletes in the background).
 */
export async function removeRunFromBroker(
  brokers: string[],
  runId: string,
  waitMs = 15_000,
): Promise<{ topics: string[]; groups: string[]; left: string[] }> {
  const admin = new Kafka({
    clientId: `test-teardown-${runId}`,
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ours = madeInRun(runId);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(ours);
    // A group a stray process still uses cannot go; its topics go regardless.
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    const topics = (await admin.listTopics()).filter(ours);
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: waitMs });
    const deadline = Date.now() + waitMs;
    let left = (await admin.listTopics()).filter(ours);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = (await admin.listTopics()).filter(ours);
    }
    return { topics, groups, left };
  } finally {
    await admin.disconnect();
  }
}
