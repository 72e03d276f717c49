import { randomUUID } from 'node:crypto';
import { EventCatalog } from '@platform/contracts';
import mongoose, { type Connection } from 'mongoose';
import type { Pool } from 'pg';
import { handleCommand } from '../src/decider/command-handler';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { createKafka } from '../src/kafka/kafka';
import { createPool } from '../src/postgres/postgres';
import { eventually, serverUrls, uniqueName } from '../src/testing/servers';
import { kill, startProcess, type RunningProcess } from './processes/spawn';
import { proofEvents } from './proof-context';
import { tallyBoardModel } from './tally-board/tally-board.projection';
import { tallyDecider, tallyStream } from './tally/tally.decider';

/**
 * The whole pipeline with real servers and real processes: commands → event store → forwarder
 * (process) → Kafka → consumer (process) → MongoDB read model, with both processes SIGKILLed
 * mid-stream and restarted.
 */
describe('proof pipeline: crash-safe end to end', () => {
  const context = uniqueName('proof');
  const env = {
    PROOF_CONTEXT: context,
    KAFKA_TOPIC_PREFIX: `${context}.`,
    FORWARDER_BATCH_SIZE: '50',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  const catalog = new EventCatalog(proofEvents);
  let pool: Pool;
  let store: PostgresEventStore;
  let mongo: Connection;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    const urls = serverUrls();
    pool = createPool(urls.pgUrl);
    store = await PostgresEventStore.create(pool, context);
    mongo = await mongoose.createConnection(urls.mongoUrl, { dbName: context }).asPromise();
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => kill(p, 'SIGKILL')));
    await mongo?.close();
    await pool?.end();
  });

  const start = async (name: 'forwarder' | 'consumer') => {
    const running = await startProcess(name, env);
    processes.push(running);
    return running;
  };
  const meta = () => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { kind: 'system' as const, id: 'proof-test' },
    at: new Date(),
  });

  it('loses no event and applies none twice when forwarder and consumer are killed mid-batch', async () => {
    const tallies = Array.from({ length: 10 }, () => randomUUID());
    for (const tallyId of tallies) {
      await handleCommand(
        { store, catalog, decider: tallyDecider },
        tallyStream(tallyId),
        { type: 'OpenTally', tallyId, name: `t-${tallyId.slice(0, 4)}`, ceiling: 1_000_000 },
        meta(),
      );
    }
    const expected = new Map(tallies.map((t) => [t, { total: 0, increments: 0 }]));
    const write = async (count: number) => {
      await Promise.all(
        tallies.map(async (tallyId, i) => {
          for (let n = 0; n < count / tallies.length; n++) {
            const amount = 1 + ((n + i) % 7);
            await handleCommand(
              { store, catalog, decider: tallyDecider },
              tallyStream(tallyId),
              { type: 'IncrementTally', tallyId, amount, reason: 'job done' },
              meta(),
            );
            const row = expected.get(tallyId)!;
            row.total += amount;
            row.increments++;
          }
        }),
      );
    };

    let forwarder = await start('forwarder');
    let consumer = await start('consumer');
    const writing = write(1500);
    await eventually(
      'the consumer to have applied some events',
      async () => (await tallyBoardModel(mongo).countDocuments()) > 0,
    );
    await kill(forwarder, 'SIGKILL');
    await kill(consumer, 'SIGKILL');
    forwarder = await start('forwarder');
    consumer = await start('consumer');
    await writing;
    await write(500);
    // The restarted consumer first waits out the killed one's session (6 s), then applies 1500 events.
    await eventually(
      'some of the second batch to be applied',
      async () => {
        const rows = await tallyBoardModel(mongo).find().lean();
        return rows.reduce((sum, r) => sum + r.increments, 0) > 1500;
      },
      60000,
    );
    await kill(consumer, 'SIGKILL');
    await kill(forwarder, 'SIGKILL');
    await start('forwarder');
    await start('consumer');

    const summary = (rows: { _id: string; total: number; increments: number }[]) =>
      Object.fromEntries(rows.map((r) => [r._id, { total: r.total, increments: r.increments }]));
    const want = Object.fromEntries(expected);
    await eventually(
      `the tally board to show exactly the ${2000} increments written, none lost or doubled`,
      async () =>
        JSON.stringify(summary(await tallyBoardModel(mongo).find().sort({ _id: 1 }).lean())) ===
        JSON.stringify(Object.fromEntries(Object.entries(want).sort())),
      60000,
    );
    // Kafka holds at least every event, perhaps some twice (republished after the forwarder's crash);
    // the read model above counted each once all the same.
    const admin = createKafka(serverUrls().kafkaBrokers, 'proof-test').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(`${context}.proof.events`);
    await admin.disconnect();
    const messages = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    expect(messages).toBeGreaterThanOrEqual(2000 + tallies.length);
  });
});
