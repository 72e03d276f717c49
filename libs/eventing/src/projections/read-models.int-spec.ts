import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { defineEvent, EventCatalog, type EventEnvelope } from '@platform/contracts';
import mongoose, { type Connection } from 'mongoose';
import type { Pool } from 'pg';
import { z } from 'zod';
import { START, type EventStore } from '../event-store/event-store';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { EventingModule } from '../nest/eventing.module';
import { EventConsumer } from '../kafka/event-consumer';
import { createKafka, ensureTopics } from '../kafka/kafka';
import { createPool, quoteIdent } from '../postgres/postgres';
import { publishEvents } from '../testing/publish';
import { newEvent } from '../testing/event-store-contract';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import type { MongoDocuments } from './mongo-documents';
import { documentField, type PostgresDocuments } from './postgres-documents';
import type { DocumentStoreKind, ReadModel } from './read-model';
import { ReadModels } from './read-models';
import { rebuildReadModelsFromCommandLine } from './rebuild-cli';

const topic = 'read-model-spec.events';
const events = [
  defineEvent({
    type: 'CardOpened',
    version: 1,
    topic,
    description: 'An order card was opened for a worker.',
    schema: z.object({ orderId: z.string(), workerId: z.string(), amount: z.number().int() }),
  }),
  defineEvent({
    type: 'CardAdded',
    version: 1,
    topic,
    description: 'An amount was added to an order card.',
    schema: z.object({ orderId: z.string(), amount: z.number().int() }),
  }),
  defineEvent({
    type: 'CardClosed',
    version: 1,
    topic,
    description: 'An order card was closed.',
    schema: z.object({ orderId: z.string() }),
  }),
  defineEvent({
    type: 'WorkerRenamed',
    version: 1,
    // Another context's event: not in the service's log, only on its topic.
    topic: 'roster.events',
    description: 'A worker took a new name.',
    schema: z.object({ workerId: z.string(), name: z.string() }),
  }),
];
type Data = { orderId: string; workerId: string; amount: number; name: string };

interface Card {
  orderId: string;
  workerId: string;
  workerName: string;
  amount: number;
}
interface WorkerTotal {
  workerId: string;
  total: number;
  orders: number;
}

const readModels = (store: DocumentStoreKind) => {
  const cards: ReadModel<Card> = {
    name: 'order_cards',
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
  };
  const totals: ReadModel<WorkerTotal> = {
    name: 'worker_totals',
    store,
    handles: ['CardOpened'],
    ids: (event) => [(event.data as Data).workerId],
    evolve: (total, event, workerId) => ({
      workerId,
      total: (total?.total ?? 0) + (event.data as Data).amount,
      orders: (total?.orders ?? 0) + 1,
    }),
  };
  return { cards, totals };
};

describe.each<DocumentStoreKind>(['postgres', 'mongo'])('read models in %s', (kind) => {
  const { cards, totals } = readModels(kind);
  const catalog = new EventCatalog(events);
  let pool: Pool;
  let mongo: Connection;
  let schema: string;
  let store: EventStore;
  let live: ReadModels;
  const kafka = createKafka(serverUrls().kafkaBrokers, 'read-model-spec');
  let topicPrefix: string;
  const open = (models: readonly ReadModel<object>[] = [cards, totals]) =>
    ReadModels.create({
      readModels: models,
      pool,
      schema,
      mongo,
      store,
      catalog,
      context: 'read-model-spec',
      kafka,
      topicPrefix,
    });

  beforeAll(async () => {
    schema = uniqueName('readmodels');
    topicPrefix = `${schema}.`;
    await ensureTopics(kafka, [`${topicPrefix}roster.events`]);
    pool = createPool(serverUrls().pgUrl);
    mongo = await mongoose.createConnection(serverUrls().mongoUrl, { dbName: schema }).asPromise();
    store = await PostgresEventStore.create(pool, schema);
    live = await open();
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
    await pool.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await pool.end();
  });

  /** Appends to the event log and returns the events as a consumer reads them. */
  async function append(
    streamId: string,
    ...changes: [type: string, data: object][]
  ): Promise<EventEnvelope[]> {
    const { position } = await store.appendToStream(
      streamId,
      changes.map(([type, data]) => newEvent(type, data)),
      { expectedVersion: 'any' },
    );
    const recorded = (await store.readStream(streamId)).slice(-changes.length);
    expect(recorded.at(-1)!.position).toEqual(position);
    return recorded.map((event) => catalog.read(event)!);
  }

  /** Publishes a rename as the roster context would, and returns it as a consumer reads it. */
  async function rename(workerId: string, name: string): Promise<EventEnvelope> {
    const [event] = await publishEvents(topicPrefix, [
      { context: 'roster', streamId: `worker-${workerId}`, type: 'WorkerRenamed', data: { workerId, name } },
    ]);
    return catalog.read(event)!;
  }

  it('applies each event once, however often it is delivered, and a replay from the start changes nothing', async () => {
    const orderId = randomUUID();
    const [opened, first, second] = await append(
      `order-${orderId}`,
      ['CardOpened', { orderId, workerId: 'w-once', amount: 1 }],
      ['CardAdded', { orderId, amount: 10 }],
      ['CardAdded', { orderId, amount: 100 }],
    );
    for (const event of [opened!, first!, first!, second!, first!, second!, opened!]) await live.apply(event);
    expect(await live.documents(cards).get(orderId)).toEqual({
      orderId,
      workerId: 'w-once',
      workerName: '',
      amount: 111,
    });
    expect(await live.documents(totals).get('w-once')).toEqual({ workerId: 'w-once', total: 1, orders: 1 });
    expect(await live.documents(cards).appliedPosition(orderId, `order-${orderId}`)).toBe(2);
    expect(await live.documents(totals).appliedPosition('w-once', `order-${orderId}`)).toBe(0);
    expect(await live.documents(cards).appliedPosition(orderId, 'worker-w-once')).toBe(-1);
  });

  it('keeps every change when two consumers change one document from different streams at once', async () => {
    const workerId = `w-${randomUUID()}`;
    const opened = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const orderId = randomUUID();
        return (await append(`order-${orderId}`, ['CardOpened', { orderId, workerId, amount: i + 1 }]))[0]!;
      }),
    );
    const other = await open();
    await Promise.all(opened.map((event, i) => (i % 2 === 0 ? live : other).apply(event)));
    expect(await live.documents(totals).get(workerId)).toEqual({ workerId, total: 78, orders: 12 });
  });

  it('keeps a deleted document deleted when an older event of its stream is delivered again', async () => {
    const orderId = randomUUID();
    const [opened, added, closed] = await append(
      `order-${orderId}`,
      ['CardOpened', { orderId, workerId: 'w-deleted', amount: 1 }],
      ['CardAdded', { orderId, amount: 2 }],
      ['CardClosed', { orderId }],
    );
    for (const event of [opened!, added!, closed!, opened!, added!]) await live.apply(event);
    const documents = live.documents(cards);
    expect(await documents.get(orderId)).toBeNull();
    expect(await documents.find({ workerId: 'w-deleted' })).toEqual([]);
  });

  it('fans an event out to every document found by its fields', async () => {
    const workerId = `w-${randomUUID()}`;
    const orders = [randomUUID(), randomUUID(), randomUUID()].sort();
    for (const orderId of orders)
      for (const event of await append(`order-${orderId}`, ['CardOpened', { orderId, workerId, amount: 5 }]))
        await live.apply(event);
    const [lastOrderClosed] = await append(`order-${orders[2]}`, ['CardClosed', { orderId: orders[2] }]);
    await live.apply(lastOrderClosed!);
    const renamed = await rename(workerId, '王师傅');
    await live.apply(renamed);
    await live.apply(renamed);
    expect(await live.documents(cards).find({ workerId })).toEqual(
      orders.slice(0, 2).map((orderId) => ({ orderId, workerId, workerName: '王师傅', amount: 5 })),
    );
  });

  it('gives raw access for other queries, on the declared indexes, and tells how to leave deleted documents out', async () => {
    const workerId = `w-${randomUUID()}`;
    const [kept, closed] = [randomUUID(), randomUUID()];
    for (const orderId of [kept, closed])
      await live.apply(
        (await append(`order-${orderId}`, ['CardOpened', { orderId, workerId, amount: 1 }]))[0]!,
      );
    await live.apply((await append(`order-${closed}`, ['CardClosed', { orderId: closed }]))[0]!);
    const card = { orderId: kept, workerId, workerName: '', amount: 1 };
    if (kind === 'postgres') {
      const docs = live.documents(cards) as PostgresDocuments<Card>;
      const { rows } = await docs.pool.query(
        `SELECT document FROM ${docs.table} WHERE document IS NOT NULL AND ${documentField('workerId')} = $1`,
        [workerId],
      );
      expect(rows).toEqual([{ document: card }]);
      const { rows: indexes } = await docs.pool.query(
        'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2',
        [schema, 'order_cards'],
      );
      expect(indexes.map((index: { indexdef: string }) => index.indexdef)).toContainEqual(
        expect.stringContaining(`((document ->> 'workerId'::text))`),
      );
    } else {
      const docs = live.documents(cards) as MongoDocuments<Card>;
      expect(await docs.query({ workerId }).lean()).toEqual([{ _id: kept, ...card }]);
      expect(await docs.model.countDocuments({ workerId, _deleted: false })).toBe(1);
      expect((await docs.model.collection.indexes()).map((index) => index.key)).toContainEqual({
        workerId: 1,
      });
    }
  });

  it('rebuilds from the event log and the topics of other contexts exactly what the live consumers built, and drops what the log does not hold', async () => {
    const orderId = randomUUID();
    await append(
      `order-${orderId}`,
      ['CardOpened', { orderId, workerId: 'w-rebuilt', amount: 4 }],
      ['CardAdded', { orderId, amount: 1 }],
    );
    const snapshot = async () => ({
      cards: await live.documents(cards).find({}),
      totals: await live.documents(totals).find({}),
    });
    // Everything in the log reaches the live read models, each event twice, as after a crash before the commit.
    for (let after = START; ;) {
      const page = await store.readAll({ after, limit: 100 });
      if (page.length === 0) break;
      for (const recorded of page) for (let i = 0; i < 2; i++) await live.apply(catalog.read(recorded)!);
      after = page.at(-1)!.position;
    }
    await live.apply(await rename('w-rebuilt', '李师傅'));
    const built = await snapshot();
    expect(built.cards).toContainEqual({ orderId, workerId: 'w-rebuilt', workerName: '李师傅', amount: 5 });
    expect(built.totals).toContainEqual({ workerId: 'w-rebuilt', total: 4, orders: 1 });
    const stray = { orderId: 'stray', workerId: 'w-stray', amount: 1 };
    const [template] = await append(`order-${orderId}`, ['CardAdded', { orderId, amount: 1 }]);
    await live.apply({
      ...template!,
      type: 'CardOpened',
      streamId: 'not-in-the-log',
      streamPosition: 0,
      data: stray,
    });
    expect(await live.documents(cards).get('stray')).toEqual({ ...stray, workerName: '' });
    await live.apply(template!);
    built.cards = built.cards.map((card) => (card.orderId === orderId ? { ...card, amount: 6 } : card));

    const log: string[] = [];
    const { applied } = await live.rebuild(undefined, { log: (line) => log.push(line), batchSize: 7 });
    expect(await snapshot()).toEqual(built);
    expect(applied).toBeGreaterThan(20);
    expect(log[0]).toBe(
      `rebuild order_cards, worker_totals: dropped (queries see them empty, then partly built, until the replay ends); replaying the event log, then topic ${topicPrefix}roster.events`,
    );
    expect(log.at(-1)).toMatch(
      new RegExp(`^rebuild order_cards, worker_totals: done, ${applied} events applied in`),
    );
  });

  it("fails the rebuild at the first event of another context's topic that cannot be applied", async () => {
    const workerId = `w-${randomUUID()}`;
    const broken: ReadModel<{ name: string }> = {
      name: 'worker_names',
      store: kind,
      handles: ['WorkerRenamed'],
      ids: (event) => [(event.data as Data).workerId],
      evolve: (_, event) => {
        const { name } = event.data as Data;
        if (name === 'unreadable') throw new Error(`cannot read the name of ${workerId}`);
        return { name };
      },
    };
    await rename(workerId, 'unreadable');
    await rename(workerId, '张师傅');
    const readModels = await open([broken as ReadModel<object>]);
    const log: string[] = [];
    await expect(readModels.rebuild(undefined, { log: (line) => log.push(line) })).rejects.toThrow(
      `cannot read the name of ${workerId}`,
    );
    expect(log.join('\n')).not.toMatch(/: done/);
  });

  it('builds a read model never built by replay, once, by one of the instances starting at the same time', async () => {
    const workerId = `w-${randomUUID()}`;
    const orderId = randomUUID();
    await append(`order-${orderId}`, ['CardOpened', { orderId, workerId, amount: 9 }]);
    const name = uniqueName('orders_of').replace(/[^A-Za-z0-9_]/g, '_');
    const ordersOf: ReadModel<{ orders: number }> = {
      name,
      store: kind,
      handles: ['CardOpened'],
      ids: (event) => [(event.data as Data).workerId],
      evolve: (count) => ({ orders: (count?.orders ?? 0) + 1 }),
    };
    // Two instances of a deployment that already has cards and totals start with the new read model.
    await live.rebuild(undefined, { log: () => undefined });
    const instances = await Promise.all(
      [0, 1].map(() => open([cards, totals, ordersOf as ReadModel<object>])),
    );
    const built = await Promise.all(instances.map((instance) => instance.buildNew({ log: () => undefined })));
    expect(built.flat()).toEqual([name]);
    expect(await instances[0]!.documents(ordersOf).get(workerId)).toEqual({ orders: 1 });
    expect(await instances[1]!.buildNew({ log: () => undefined })).toEqual([]);
  });

  /** The service's module, with this spec's topics (the module reads the prefix from the environment). */
  const module = () => {
    const saved = process.env.KAFKA_TOPIC_PREFIX;
    process.env.KAFKA_TOPIC_PREFIX = topicPrefix;
    try {
      return EventingModule.forRoot({
        context: 'read-model-spec',
        storage: schema,
        events,
        readModels: [cards, totals],
        forward: false,
      });
    } finally {
      if (saved === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
      else process.env.KAFKA_TOPIC_PREFIX = saved;
    }
  };

  it("refuses to rebuild from the command line while the service's read-model consumers run, and says which to stop", async () => {
    const workerId = `w-${randomUUID()}`;
    const orderId = randomUUID();
    await live.apply(
      (await append(`order-${orderId}`, ['CardOpened', { orderId, workerId, amount: 2 }]))[0]!,
    );
    const running = new EventConsumer({
      kafka,
      groupId: `${topicPrefix}read-model-spec-read-models`,
      topics: [`${topicPrefix}${topic}`],
      catalog,
      handle: async () => undefined,
    });
    const printed: string[] = [];
    const print = jest.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
    try {
      await running.start();
      await eventually(
        'the read-model consumer to join its group',
        async () => running.state === 'consuming',
      );
      await rebuildReadModelsFromCommandLine(module(), []);
    } finally {
      print.mockRestore();
      await running.stop();
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    // kafkajs logs its own errors through console.error too (a leader moving, say): those may be among them.
    expect(printed).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^rebuild failed: consumer group ${topicPrefix}read-model-spec-read-models has 1 live member.*stop the read-model-spec processes that consume events`,
        ),
      ),
    );
    // Nothing was dropped.
    expect(await live.documents(totals).get(workerId)).toEqual({ workerId, total: 2, orders: 1 });
  });

  it('is registered in EventingModule, and a service rebuilds one read model by name from the command line', async () => {
    const [applied, notApplied] = [randomUUID(), randomUUID()];
    const [event] = await append(`order-${applied}`, [
      'CardOpened',
      { orderId: applied, workerId: 'w-cli', amount: 3 },
    ]);
    await append(`order-${notApplied}`, [
      'CardOpened',
      { orderId: notApplied, workerId: 'w-cli', amount: 4 },
    ]);
    const app = await NestFactory.createApplicationContext(module(), { logger: false });
    try {
      await app.get(ReadModels).apply(event!);
    } finally {
      await app.close();
    }
    expect(await live.documents(totals).get('w-cli')).toEqual({ workerId: 'w-cli', total: 3, orders: 1 });
    const printed: string[] = [];
    const print = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      await rebuildReadModelsFromCommandLine(module(), ['worker_totals']);
    } finally {
      print.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    expect(printed.at(-1)).toMatch(/^rebuild worker_totals: done/);
    // Only the read model named was rebuilt: the event not applied reached the totals but not the cards.
    expect(await live.documents(totals).get('w-cli')).toEqual({ workerId: 'w-cli', total: 7, orders: 2 });
    expect(await live.documents(cards).get(applied)).toMatchObject({ amount: 3 });
    expect(await live.documents(cards).get(notApplied)).toBeNull();
  });
});
