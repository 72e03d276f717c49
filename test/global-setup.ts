import { newTestRunId } from '../libs/eventing/src/testing/test-run';
import { provideServers } from './servers';

export default async function globalSetup(): Promise<void> {
  const { servers, stop, source } = await provideServers();
  // Workers are forked after global set-up, so they inherit these.
  process.env.PG_URL = servers.pgUrl;
  process.env.KAFKA_BROKERS = servers.kafkaBrokers;
  process.env.MONGO_URL = servers.mongoUrl;
  // In every name the run's tests make, so that the teardown removes this run's topics only.
  process.env.TEST_RUN_ID = newTestRunId();
  (globalThis as { __stopServers?: () => Promise<void> }).__stopServers = stop;
  console.log(`\nintegration servers (${source}): PG ${servers.pgUrl.replace(/:[^:@/]+@/, ':***@')}, Kafka ${servers.kafkaBrokers}, Mongo ${servers.mongoUrl}`);
  if (!process.env.EVENTSTORE_URL) {
    console.log('EventStoreDB contract suite NOT RUN: EVENTSTORE_URL is not set (its tests are reported as skipped, never as passed)');
  }
}
