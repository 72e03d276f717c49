import { EventCatalog } from '@platform/contracts';
import mongoose from 'mongoose';
import { loadPlatformEnv } from '../src/config/config';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { createPool } from '../src/postgres/postgres';
import { rebuildProjection } from '../src/projections/rebuild';
import { proofContext, proofEvents } from './proof-context';
import { tallyBoardProjection } from './tally-board/tally-board.projection';

// `npm run proof:rebuild`: drops the tally board and replays the proof's event log into it.
async function main() {
  const env = loadPlatformEnv();
  const pool = createPool(env.PG_URL);
  const store = await PostgresEventStore.create(pool, proofContext());
  const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: proofContext() }).asPromise();
  await rebuildProjection({
    projection: tallyBoardProjection,
    connection,
    store,
    catalog: new EventCatalog(proofEvents),
  });
  await connection.close();
  await pool.end();
}

main().catch((error) => {
  console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
