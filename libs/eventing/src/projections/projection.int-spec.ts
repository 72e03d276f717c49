import { randomUUID } from 'node:crypto';
import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import { tallyEvents } from '../../proof/tally/tally-events';
import mongoose, { Schema, type Connection } from 'mongoose';
import type { Pool } from 'pg';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { createPool } from '../postgres/postgres';
import { newEvent } from '../testing/event-store-contract';
import { serverUrls, uniqueName } from '../testing/servers';
import { applyOnce, type Projection } from './projection';
import { rebuildProjection } from './rebuild';

// The projection API before read models (docs/adr/0015), kept while workforce's leaderboard uses
// applyOnce; the proof's tally board, as it was written with it, is the subject.
interface TallyBoardRow {
  _id: string;
  name: string;
  total: number;
  increments: number;
  status: 'open' | 'closed';
}

const tallyBoardModel = (connection: Connection) =>
  connection.models.TallyBoard ??
  connection.model<TallyBoardRow>(
    'TallyBoard',
    new Schema<TallyBoardRow>(
      {
        _id: String,
        name: String,
        total: { type: Number, default: 0 },
        increments: { type: Number, default: 0 },
        status: String,
      },
      { collection: 'tally_board', versionKey: false, strict: false },
    ),
  );

const tallyBoardProjection: Projection = {
  name: 'tally-board',
  collections: ['tally_board'],
  handles: ['TallyOpened', 'TallyIncremented'],
  async apply(event: EventEnvelope, connection: Connection) {
    const data = event.data as { tallyId: string; name?: string; amount?: number };
    await applyOnce(
      tallyBoardModel(connection),
      data.tallyId,
      event,
      event.type === 'TallyOpened'
        ? { $set: { name: data.name, status: 'open' } }
        : { $inc: { total: data.amount, increments: 1 } },
    );
  },
};

describe('projections into MongoDB', () => {
  let mongo: Connection;
  let pool: Pool;
  beforeAll(async () => {
    mongo = await mongoose
      .createConnection(serverUrls().mongoUrl, { dbName: uniqueName('proj') })
      .asPromise();
    pool = createPool(serverUrls().pgUrl);
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
    await pool.end();
  });

  const event = (type: string, streamPosition: number, data: object, schemaVersion = 1) => ({
    ...newEvent(type, data),
    schemaVersion,
    streamId: `tally-${(data as { tallyId: string }).tallyId}`,
    streamPosition,
    recordedAt: new Date().toISOString(),
  });

  it('applies each event once, however often it is delivered, and ignores an older one after a newer', async () => {
    const tallyId = randomUUID();
    const opened = event('TallyOpened', 0, { tallyId, name: 'deep cleaning jobs', ceiling: 50 });
    const first = event('TallyIncremented', 1, { tallyId, amount: 4, reason: 'r' }, 2);
    const second = event('TallyIncremented', 2, { tallyId, amount: 6, reason: 'r' }, 2);
    for (const e of [opened, first, first, second, first, second, opened])
      await tallyBoardProjection.apply(e, mongo);
    expect(await tallyBoardModel(mongo).findOne().where('_id').equals(tallyId).lean()).toMatchObject({
      name: 'deep cleaning jobs',
      total: 10,
      increments: 2,
      status: 'open',
    });
  });

  it('rebuilds a read model from the event log with the same result', async () => {
    const schema = uniqueName('rebuild');
    const store = await PostgresEventStore.create(pool, schema);
    const tallies = [randomUUID(), randomUUID()];
    for (const tallyId of tallies) {
      await store.appendToStream(
        `tally-${tallyId}`,
        [
          newEvent('TallyOpened', { tallyId, name: 'n', ceiling: 99 }),
          ...[1, 2, 3].map((amount) => ({
            ...newEvent('TallyIncremented', { tallyId, amount, reason: 'r' }),
            schemaVersion: 2,
          })),
        ],
        { expectedVersion: 'no_stream' },
      );
    }
    const db = await mongoose.createConnection(serverUrls().mongoUrl, { dbName: schema }).asPromise();
    try {
      await tallyBoardModel(db).create({
        _id: 'stale',
        name: 'left over',
        total: 1,
        increments: 1,
        status: 'open',
      });
      const log: string[] = [];
      const result = await rebuildProjection({
        projection: tallyBoardProjection,
        connection: db,
        store,
        catalog: new EventCatalog(tallyEvents),
        log: (m) => log.push(m),
      });
      expect(result.applied).toBe(8);
      const rows = await tallyBoardModel(db).find().sort({ _id: 1 }).lean();
      expect(rows.map((r) => [r._id, r.total, r.increments])).toEqual(tallies.sort().map((id) => [id, 6, 3]));
      expect(log.at(-1)).toMatch(/done, 8 events applied/);
    } finally {
      await db.dropDatabase();
      await db.close();
    }
  });
});
