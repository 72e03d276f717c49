import { writeFileSync } from 'node:fs';
import { EventCatalog, eventsTopic } from '@platform/contracts';
import mongoose from 'mongoose';
import { loadPlatformEnv } from '../../src/config/config';
import { EventConsumer } from '../../src/kafka/event-consumer';
import { createKafka } from '../../src/kafka/kafka';
import { tallyBoardProjection } from '../tally-board/tally-board.projection';
import { proofContext, proofEvents } from '../proof-context';

// The proof pipeline's consumer process: Kafka → the tally board read model in MongoDB.
async function main() {
  const env = loadPlatformEnv();
  const context = proofContext();
  const latencyLog = process.env.PROOF_LATENCY_LOG;
  const latencies: number[] = [];
  const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: context }).asPromise();
  const consumer = new EventConsumer({
    kafka: createKafka(env.KAFKA_BROKERS, `${context}-tally-board`),
    groupId: `${env.KAFKA_TOPIC_PREFIX}${context}.tally-board`,
    topics: [`${env.KAFKA_TOPIC_PREFIX}${eventsTopic('proof')}`],
    catalog: new EventCatalog(proofEvents),
    handle: async (event) => {
      await tallyBoardProjection.apply(event, connection);
      // The eventing benchmark asks how long an event takes from its append to the read model.
      if (latencyLog) latencies.push(Date.now() - Date.parse(event.occurredAt));
    },
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    log: (message) => console.log(message),
  });
  await consumer.start();
  console.log(`consumer ready (context ${context})`);
  const stop = async () => {
    await consumer.stop();
    if (latencyLog) writeFileSync(latencyLog, JSON.stringify(latencies));
    await connection.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(`consumer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
