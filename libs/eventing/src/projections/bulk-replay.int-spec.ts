import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@platform/contracts';
import mongoose, { type Connection } from 'mongoose';
import type { Pool } from 'pg';
import { createPool, quoteIdent } from '../postgres/postgres';
import { serverUrls, uniqueName } from '../testing/servers';
import { BulkReplay } from './bulk-replay';
import { applyEvent, type DocumentBackend } from './document-store';
import { MongoDocuments } from './mongo-documents';
import { PostgresDocuments } from './postgres-documents';
import type { DocumentStoreKind, ReadModel } from './read-model';

interface Card {
  orderId: string;
  workerId: string;
  workerName: string;
  amount: number;
}
type Data = { orderId: string; workerId: string; amount: number; name: string };

/** Order cards fed by the orders' streams and, fanned out by worker, by the workers' streams. */
const cardsIn = (name: string, store: DocumentStoreKind): ReadModel<Card> => ({
  name,
  store,
  handles: ['CardOpened', 'CardAdded', 'CardClosed', 'WorkerRenamed'],
  ids: (event, find) => {
    const data = event.data as Data;
    return event.type === 'WorkerRenamed' ? find({ workerId: data.workerId }) : [data.orderId];
  },
  evolve: (card, event) => {
    const data = event.data as Data;
    switch (event.type) {
      case 'CardOpened':
        return { orderId: data.orderId, workerId: data.workerId, workerName: '', amount: data.amount };
      case 'CardAdded':
        return card && { ...card, amount: card.amount + data.amount };
      case 'WorkerRenamed':
        return card && { ...card, workerName: data.name };
      default:
        return null;
    }
  },
  indexes: [{ fields: { workerId: 1 } }],
});

const envelope = (type: string, streamId: string, streamPosition: number, data: object): EventEnvelope => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  streamId,
  streamPosition,
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: 'spec' },
  data,
});

/**
 * Twelve orders of three workers, interleaved with the workers' renames: some cards get closed,
 * some events come twice, an older one after its card was deleted, and a card that never
 * existed is closed.
 */
function history(): { events: EventEnvelope[]; ids: string[] } {
  const workers = ['w-1', 'w-2', 'w-3'];
  const orders = Array.from({ length: 12 }, (_, i) => ({ orderId: `o-${i}`, workerId: workers[i % 3]! }));
  const events: EventEnvelope[] = [];
  for (const [i, { orderId, workerId }] of orders.entries()) {
    const stream = `order-${orderId}`;
    const opened = envelope('CardOpened', stream, 0, { orderId, workerId, amount: i });
    const added = envelope('CardAdded', stream, 1, { orderId, amount: 10 });
    events.push(opened, added, added);
    if (i % 4 === 0) {
      const renamed = envelope('WorkerRenamed', `worker-${workerId}`, i, { workerId, name: `name ${i}` });
      events.push(renamed, renamed);
    }
    if (i % 5 === 2) events.push(envelope('CardClosed', stream, 2, { orderId }), added);
  }
  events.push(envelope('CardClosed', 'order-o-never', 0, { orderId: 'o-never' }));
  for (const workerId of workers)
    events.push(
      envelope('WorkerRenamed', `worker-${workerId}`, 20, { workerId, name: `${workerId} at last` }),
    );
  return { events, ids: [...orders.map((order) => order.orderId), 'o-never'] };
}

describe.each<DocumentStoreKind>(['postgres', 'mongo'])('bulk replay in %s', (kind) => {
  let pool: Pool;
  let mongo: Connection;
  let schema: string;
  const backend = (name: string): DocumentBackend<Card> => {
    const readModel = cardsIn(name, kind);
    return kind === 'mongo'
      ? new MongoDocuments(readModel, mongo, pool)
      : new PostgresDocuments(readModel, pool, schema);
  };

  beforeAll(async () => {
    schema = uniqueName('bulkreplay');
    pool = createPool(serverUrls().pgUrl);
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    mongo = await mongoose.createConnection(serverUrls().mongoUrl, { dbName: schema }).asPromise();
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
    await pool.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await pool.end();
  });

  it.each([
    { keep: 1, batch: 1 },
    { keep: 4, batch: 3 },
    { keep: 50_000, batch: 2000 },
  ])(
    'builds, keeping $keep documents and letting $batch go at a time, what the live path builds: contents, tombstones, applied positions and versions',
    async (limits) => {
      const { events, ids } = history();
      const live = backend(`live_${limits.keep}`);
      const replayed = backend(`replayed_${limits.keep}`);
      await live.recreate();
      await replayed.recreate();
      for (const event of events) await applyEvent(live, event);

      const replay = new BulkReplay([replayed as DocumentBackend<object>], limits);
      const handled = [];
      for (const event of events) handled.push(await replay.apply(event));
      await replay.flush();

      expect(handled.every(Boolean)).toBe(true);
      const stored = (documents: DocumentBackend<Card>) => Promise.all(ids.map((id) => documents.read(id)));
      const built = await stored(live);
      expect(built.filter((document) => document?.document === null)).toHaveLength(2);
      expect(await live.find({ workerId: 'w-1' })).toContainEqual({
        orderId: 'o-3',
        workerId: 'w-1',
        workerName: 'w-1 at last',
        amount: 13,
      });
      expect(await stored(replayed)).toEqual(built);
      expect(await replayed.find({})).toEqual(await live.find({}));
    },
  );

  it('rewrites in one flush more held documents than FerretDB keeps connections to PostgreSQL (50)', async () => {
    const replayed = backend('replayed_many');
    await replayed.recreate();
    const replay = new BulkReplay([replayed as DocumentBackend<object>], { keep: 200 });
    const orderIds = Array.from({ length: 120 }, (_, i) => `o-${String(i).padStart(3, '0')}`);
    const opened = orderIds.map((orderId) =>
      envelope('CardOpened', `order-${orderId}`, 0, { orderId, workerId: 'w-1', amount: 1 }),
    );
    for (const event of opened) await replay.apply(event);
    await replay.flush();
    for (const event of opened) await replay.apply({ ...event, type: 'CardAdded', streamPosition: 1 });
    await replay.flush();
    expect((await replayed.find({ workerId: 'w-1' })).map((card) => card.amount)).toEqual(
      orderIds.map(() => 2),
    );
  });

  it('tells which events no read model handles', async () => {
    const replayed = backend('replayed_unhandled');
    await replayed.recreate();
    const replay = new BulkReplay([replayed as DocumentBackend<object>]);
    expect(await replay.apply(envelope('WorkerHired', 'worker-w-9', 0, { workerId: 'w-9' }))).toBe(false);
    await replay.flush();
    expect(await replayed.find({})).toEqual([]);
  });
});
