import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventCatalog } from '@platform/contracts';
import { handleCommand } from '../src/decider/command-handler';
import type { EventStore } from '../src/event-store/event-store';
import { createKafka } from '../src/kafka/kafka';
import { EVENT_STORE } from '../src/nest/eventing.module';
import type { MongoDocuments } from '../src/projections/mongo-documents';
import { ReadModels } from '../src/projections/read-models';
import { eventually, serverUrls, uniqueName } from '../src/testing/servers';
import { kill, startProcess, type RunningProcess } from './processes/spawn';
import { proofEventing } from './proof-context';
import { tallyBoard, type TallyRow } from './tally-board/tally-board.projection';
import { tallyDecider, tallyStream } from './tally/tally.decider';

/**
 * The whole pipeline with real servers and real processes: commands → event store → forwarder
 * (process) → Kafka → consumer (process) → the tally board read model in MongoDB, with both
 * processes SIGKILLed mid-stream and restarted; then the board rebuilt from the event log.
 */
describe('proof pipeline: crash-safe end to end', () => {
  const storage = uniqueName('proof');
  const env = {
    PROOF_STORAGE: storage,
    KAFKA_TOPIC_PREFIX: `${storage}.`,
    FORWARDER_BATCH_SIZE: '50',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  let app: INestApplicationContext;
  let store: EventStore;
  let catalog: EventCatalog;
  let readModels: ReadModels;
  let board: MongoDocuments<TallyRow>;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    // Appends the commands and reads the board; forwarding and consuming are the processes' work.
    app = await NestFactory.createApplicationContext(
      proofEventing({ storage, forward: false, consume: false }),
      {
        logger: ['error', 'warn'],
      },
    );
    store = app.get<EventStore>(EVENT_STORE);
    catalog = app.get(EventCatalog);
    readModels = app.get(ReadModels);
    board = readModels.documents(tallyBoard);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => kill(p, 'SIGKILL')));
    await app?.close();
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

  it('loses no event and applies none twice when forwarder and consumer are killed mid-batch, and the board equals the log', async () => {
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
      async () => (await board.find({})).length > 0,
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
        const rows = await board.find({});
        return rows.reduce((sum, r) => sum + r.increments, 0) > 1500;
      },
      60000,
    );
    await kill(consumer, 'SIGKILL');
    await kill(forwarder, 'SIGKILL');
    forwarder = await start('forwarder');
    consumer = await start('consumer');

    const byTally = (entries: [string, { total: number; increments: number }][]) =>
      JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    const want = byTally([...expected]);
    await eventually(
      `the tally board to show exactly the ${2000} increments written, none lost or doubled`,
      async () =>
        byTally(
          (await board.find({})).map((r) => [r.tallyId, { total: r.total, increments: r.increments }]),
        ) === want,
      60000,
    );

    // The board equals the log: dropped and replayed from the event store, it is what the consumer
    // built through the crashes. Stopped by SIGTERM, the processes let go within seconds.
    const live = await board.find({});
    const stopping = Date.now();
    await kill(consumer, 'SIGTERM');
    await kill(forwarder, 'SIGTERM');
    expect(Date.now() - stopping).toBeLessThan(10000);
    const rebuilt = await readModels.rebuild([tallyBoard.name], { log: () => undefined });
    expect(rebuilt.applied).toBe(2000 + tallies.length);
    expect(await board.find({})).toEqual(live);
    // Kafka holds at least every event, perhaps some twice (republished after the forwarder's crash);
    // the read model above counted each once all the same.
    const admin = createKafka(serverUrls().kafkaBrokers, 'proof-test').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(`${storage}.proof.events`);
    await admin.disconnect();
    const messages = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    expect(messages).toBeGreaterThanOrEqual(2000 + tallies.length);
  });
});
