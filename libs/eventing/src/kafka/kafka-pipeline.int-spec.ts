import { randomUUID } from 'node:crypto';
import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import { tallyEvents } from '../../proof/tally/tally-events';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Pool } from 'pg';
import { START, type RecordedEvent } from '../event-store/event-store';
import { PostgresEventStore } from '../event-store/postgres-event-store';
import { createPool, quoteIdent } from '../postgres/postgres';
import { newEvent } from '../testing/event-store-contract';
import { dropSessionOfQuery } from '../testing/faults';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import { EventConsumer } from './event-consumer';
import { Forwarder } from './forwarder';
import { createKafka, ensureTopics } from './kafka';

const catalog = new EventCatalog(tallyEvents);
const opened = (tallyId = randomUUID()) => newEvent('TallyOpened', { tallyId, name: 'jobs', ceiling: 100 });
const counted = (tallyId: string, amount = 1) => ({
  ...newEvent('TallyIncremented', { tallyId, amount, reason: 'job done' }),
  schemaVersion: 2,
});

/** Reads every message of a topic from the beginning until `count` arrived. */
async function readTopic(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  try {
    await eventually(`${count} messages on ${topic}`, async () => messages.length >= count);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

describe('topics made ready by several processes at once', () => {
  it('returns only when every topic takes messages, for the process that created them and for the others', async () => {
    const topics = Array.from({ length: 8 }, (_, i) => `${uniqueName('ready')}.t${i}.events`);
    // Services starting side by side create the same topics at the same moment.
    const clients = Array.from({ length: 4 }, (_, i) =>
      createKafka(serverUrls().kafkaBrokers, `starter-${i}`),
    );
    await Promise.all(clients.map((kafka) => ensureTopics(kafka, topics)));
    // Few retries: a leader the metadata names may take a moment more to host the partition.
    const producer = clients[0]!.producer({ allowAutoTopicCreation: false, retry: { retries: 2 } });
    await producer.connect();
    try {
      for (const topic of topics)
        await expect(producer.send({ topic, messages: [{ value: 'first' }] })).resolves.toHaveLength(1);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('forwarder: event store → Kafka', () => {
  let pool: Pool;
  let kafka: Kafka;
  beforeAll(() => {
    pool = createPool(serverUrls().pgUrl);
    kafka = createKafka(serverUrls().kafkaBrokers, 'forwarder-test');
  });
  afterAll(async () => {
    await pool.end();
  });

  it('publishes committed events keyed by stream, in stream order, with type and id headers; a standby takes over', async () => {
    const schema = uniqueName('fwd');
    const prefix = `${schema}.`;
    const store = await PostgresEventStore.create(pool, schema);
    const forwarded: RecordedEvent[] = [];
    const make = () =>
      new Forwarder({
        name: 'kafka',
        store,
        catalog,
        kafka,
        pool,
        schema,
        topicPrefix: prefix,
        batchSize: 7,
        onForwarded: (b) => forwarded.push(...b),
      });
    const leader = make();
    const standby = make();
    await leader.start();
    await standby.start();
    const tallyA = randomUUID();
    const tallyB = randomUUID();
    await store.appendToStream(
      `tally-${tallyA}`,
      [opened(tallyA), ...Array.from({ length: 9 }, () => counted(tallyA))],
      { expectedVersion: 'no_stream' },
    );
    await store.appendToStream(`tally-${tallyB}`, [opened(tallyB), counted(tallyB)], {
      expectedVersion: 'no_stream',
    });
    await eventually('the leader to forward 12 events', async () => forwarded.length === 12);
    await leader.stop();
    await store.appendToStream(`tally-${tallyB}`, [counted(tallyB, 5)], { expectedVersion: 1 });
    await eventually('the standby to take over and forward the 13th', async () => forwarded.length === 13);
    await standby.stop();

    const messages = await readTopic(kafka, `${prefix}proof.events`, 13);
    expect(messages).toHaveLength(13);
    const ofA = messages
      .filter((m) => m.key?.toString() === `tally-${tallyA}`)
      .map((m) => JSON.parse(m.value!.toString()) as EventEnvelope);
    expect(ofA.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const first = messages.find((m) => m.key?.toString() === `tally-${tallyA}`)!;
    expect(first.headers?.['event-type']?.toString()).toBe('TallyOpened');
    expect(first.headers?.['event-id']?.toString()).toBe(ofA[0]!.eventId);
  });

  it('resumes from its checkpoint after a restart, republishing nothing it had checkpointed', async () => {
    const schema = uniqueName('fwd');
    const store = await PostgresEventStore.create(pool, schema);
    const forwarded: RecordedEvent[] = [];
    const make = () =>
      new Forwarder({
        name: 'kafka',
        store,
        catalog,
        kafka,
        pool,
        schema,
        topicPrefix: `${schema}.`,
        onForwarded: (b) => forwarded.push(...b),
      });
    const first = make();
    await first.start();
    await store.appendToStream(`tally-${randomUUID()}`, [opened()], { expectedVersion: 'no_stream' });
    await eventually('the first event to be forwarded', async () => forwarded.length === 1);
    await first.stop();
    await store.appendToStream(`tally-${randomUUID()}`, [opened()], { expectedVersion: 'no_stream' });
    const second = make();
    await second.start();
    await eventually('the second event to be forwarded', async () => forwarded.length === 2);
    await second.stop();
    expect(new Set(forwarded.map((e) => e.eventId)).size).toBe(2);
    expect((await store.readAll({ after: START, limit: 10 })).map((e) => e.eventId)).toEqual(
      forwarded.map((e) => e.eventId),
    );
  });

  /** A forwarder on a schema of its own that has forwarded one event, recording what it says. */
  async function forwardingOneEvent() {
    const schema = uniqueName('fwd');
    const store = await PostgresEventStore.create(pool, schema);
    const forwarded: RecordedEvent[] = [];
    const warnings: string[] = [];
    const forwarder = new Forwarder({
      name: 'kafka',
      store,
      catalog,
      kafka,
      pool,
      schema,
      topicPrefix: `${schema}.`,
      log: (message) => void warnings.push(message),
      onForwarded: (b) => forwarded.push(...b),
    });
    await forwarder.start();
    await store.appendToStream(`tally-${randomUUID()}`, [opened()], { expectedVersion: 'no_stream' });
    await eventually('the first event to be forwarded', async () => forwarded.length === 1);
    return { schema, store, forwarded, warnings, forwarder };
  }

  it('goes on forwarding after a read failed (a connection dropped, or timing out under load)', async () => {
    const { schema, store, forwarded, warnings, forwarder } = await forwardingOneEvent();
    const table = `${quoteIdent(schema)}.events`;
    await dropSessionOfQuery(pool, table, `%FROM ${table}%pg_snapshot_xmin%`);
    await store.appendToStream(`tally-${randomUUID()}`, [opened()], { expectedVersion: 'no_stream' });
    await eventually('the event after the failure to be forwarded', async () => forwarded.length === 2);
    await forwarder.stop();
    expect(warnings.filter((w) => w.includes('administrator command'))).toHaveLength(1);
    expect(new Set(forwarded.map((e) => e.eventId)).size).toBe(2);
  });

  it('stops leading when the session holding its lock is lost, then leads again', async () => {
    const { schema, store, forwarded, warnings, forwarder } = await forwardingOneEvent();
    // The session holding the leader's advisory lock: its key is an int4 hashtext, whose low 32 bits
    // pg_locks shows as the objid.
    const { rowCount } = await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND objsubid = 1 AND objid = (hashtext($1)::bigint & 4294967295)::text::oid`,
      [`forwarder:${schema}:kafka`],
    );
    expect(rowCount).toBe(1);
    await store.appendToStream(`tally-${randomUUID()}`, [opened()], { expectedVersion: 'no_stream' });
    await eventually('the event after the loss to be forwarded', async () => forwarded.length === 2);
    await forwarder.stop();
    expect(warnings.filter((w) => w.includes('lost the leader lock'))).toHaveLength(1);
  });
});

describe('event consumer: Kafka → handler', () => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = createKafka(serverUrls().kafkaBrokers, 'consumer-test');
  });

  async function publish(topic: string, values: (string | EventEnvelope)[]) {
    await ensureTopics(kafka, [topic]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: values.map((v) => ({ key: 'k', value: typeof v === 'string' ? v : JSON.stringify(v) })),
    });
    await producer.disconnect();
  }
  const envelope = (type: string, schemaVersion: number, data: unknown): EventEnvelope => ({
    ...newEvent(type, data),
    schemaVersion,
    streamId: `tally-${randomUUID()}`,
    streamPosition: 0,
    recordedAt: new Date().toISOString(),
  });

  it('parks a poison message on the DLQ with its error and carries on with the next', async () => {
    const topic = `${uniqueName('poison')}.proof.events`;
    const tallyId = randomUUID();
    const handled: EventEnvelope[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId: uniqueName('group'),
      topics: [topic],
      catalog,
      retry: { attempts: 3, initialMs: 20 },
      handle: async (event) => {
        if ((event.data as { name?: string }).name === 'explodes')
          throw new Error('read model rejected the document');
        handled.push(event);
      },
    });
    await consumer.start();
    await publish(topic, [
      '{not json',
      envelope('TallyOpened', 1, { tallyId, name: 'explodes', ceiling: 1 }),
      envelope('TallyOpened', 1, { tallyId, ceiling: 'x' }),
      envelope('SomethingNobodyKnows', 1, {}),
      envelope('TallyIncremented', 1, { tallyId, amount: 2 }),
    ]);
    await eventually('the last good event to be handled', async () => handled.length === 1);
    const parked = await readTopic(kafka, `${topic}.dlq`, 3);
    await consumer.stop();

    expect(handled[0]).toMatchObject({
      type: 'TallyIncremented',
      schemaVersion: 2,
      data: { amount: 2, reason: 'not recorded (v1)' },
    });
    const errors = parked.map((m) => [
      m.headers?.['dlq-error']?.toString(),
      m.headers?.['dlq-attempts']?.toString(),
    ]);
    expect(errors[0]![0]).toMatch(/JSON/);
    expect(errors[1]).toEqual(['read model rejected the document', '3']);
    expect(errors[2]![0]).toMatch(/data\.name.*data\.ceiling|data\.ceiling/);
    expect(parked[1]!.headers?.['dlq-original-topic']?.toString()).toBe(topic);
  });

  it('retries a failing handler with backoff and commits only after it succeeded', async () => {
    const topic = `${uniqueName('retry')}.proof.events`;
    const groupId = uniqueName('group');
    let attempts = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      topics: [topic],
      catalog,
      retry: { attempts: 5, initialMs: 20 },
      handle: async () => {
        if (++attempts < 3) throw new Error('MongoDB not reachable');
      },
    });
    await consumer.start();
    await publish(topic, [envelope('TallyOpened', 1, { tallyId: randomUUID(), name: 'n', ceiling: 1 })]);
    await eventually('the handler to succeed on its third attempt', async () => attempts === 3);
    const admin = kafka.admin();
    await admin.connect();
    const committed = await eventually('the offset to be committed', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions.find((p) => p.offset === '1');
    });
    await admin.disconnect();
    await consumer.stop();
    expect(committed.offset).toBe('1');
  });
});
