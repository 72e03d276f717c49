import { createKafka, loadPlatformEnv } from '@platform/eventing';
import mongoose from 'mongoose';
import { rebuildLeaderboard } from './leaderboard.rebuild';

// npm run workforce:rebuild-leaderboard — stop the processes that run the live leaderboard consumer
// first (the rebuild refuses to start while its group has members); they resume from where it ends.
// The database is the service's (WORKFORCE_STORAGE, default "workforce", as in workforce.config.ts).
async function main() {
  const env = loadPlatformEnv();
  const storage = process.env.WORKFORCE_STORAGE || 'workforce';
  const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: storage }).asPromise();
  try {
    await rebuildLeaderboard({
      kafka: createKafka(env.KAFKA_BROKERS, 'workforce-leaderboard-rebuild'),
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      connection,
    });
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(`leaderboard rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
