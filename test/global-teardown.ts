import { removeRunFromBroker } from '../libs/eventing/src/testing/test-run';

export default async function globalTeardown(): Promise<void> {
  try {
    await removeThisRunsTopics();
  } finally {
    await (globalThis as { __stopServers?: () => Promise<void> }).__stopServers?.();
  }
}

/** The run leaves no topic behind on a broker that outlives it; one it cannot remove fails the run. */
async function removeThisRunsTopics(): Promise<void> {
  const { TEST_RUN_ID: runId, KAFKA_BROKERS: brokers } = process.env;
  if (!runId || !brokers) return;
  const { topics, left } = await removeRunFromBroker(brokers.split(','), runId);
  if (left.length > 0) {
    throw new Error(
      `${left.length} of the ${topics.length} topics of test run ${runId} are still on the broker after deleting them: ${left.slice(0, 10).join(', ')}`,
    );
  }
  console.log(`test run ${runId}: deleted its ${topics.length} topics`);
}
