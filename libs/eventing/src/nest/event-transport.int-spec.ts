import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { deadLetterHeaders, type EventEnvelope } from '@platform/contracts';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BackgroundConsumers } from '../kafka/background-consumers';
import { createKafka } from '../kafka/kafka';
import { eventually, serverUrls, uniqueName } from '../testing/servers';
import { Journal, publishBells, startBells, type Entry } from './testing/bells';

describe('KafkaEventTransport: @EventPattern handlers on real Kafka', () => {
  const kafka: Kafka = createKafka(serverUrls().kafkaBrokers, 'event-transport-spec');
  const admin: Admin = kafka.admin();
  const saved = { ...process.env };
  let app: INestApplication | undefined;
  let prefix: string;
  let storage: string;

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());
  beforeEach(() => {
    storage = uniqueName('bells');
    prefix = `${storage}.`;
    // Read by EventingModule when the module is built, and by the crash spec's process.
    Object.assign(process.env, { KAFKA_TOPIC_PREFIX: prefix, KAFKA_SESSION_TIMEOUT_MS: '6000' });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
  });

  /** The group's committed offset of each partition of the topic ('-1': none). */
  const committed = async (consumer: string, topic = 'bells.events') => {
    const [offsets] = await admin.fetchOffsets({
      groupId: `${prefix}bells-${consumer}`,
      topics: [`${prefix}${topic}`],
    });
    return Object.fromEntries(offsets!.partitions.map((p) => [p.partition, p.offset]));
  };
  const ids = (entries: readonly { eventId: string }[]) => entries.map((e) => e.eventId);

  it('commits an event once it is handled: a restart resumes after the last one handled, and an event whose handler crashed the process is handled again', async () => {
    const [first, second] = await publishBells(kafka, prefix, [{ note: 'ok' }, { note: 'ok' }]);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'testing/bells-process.ts'), storage],
      {
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const journal = () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('journal '))
        .map((line) => JSON.parse(line.slice('journal '.length)) as Entry);
    const handled = (entries: Entry[]) =>
      ids(entries.filter((e) => e.handler === 'ring' && e.phase === 'end'));

    await eventually(
      'the process to handle the first two rings and commit them',
      async () => handled(journal()).length === 2 && (await committed('reactions'))[0] === '2',
      60_000,
    );
    const [crashing] = await publishBells(kafka, prefix, [{ note: 'crash' }]);
    expect(await exited).toBe('SIGKILL');
    expect(handled(journal())).toEqual([first!.eventId, second!.eventId]);
    expect(
      journal()
        .filter((e) => e.handler === 'ring' && e.phase === 'start')
        .at(-1)?.eventId,
    ).toBe(crashing!.eventId);
    expect((await committed('reactions'))[0]).toBe('2');

    // The dead member's session runs out (6 s); then the restarted service takes the partition.
    const restarted = new Journal();
    app = await startBells(restarted, { storage });
    await eventually(
      'the restart to handle the ring the crash cut short',
      async () => ids(restarted.of('ring')).length > 0 && (await committed('reactions'))[0] === '3',
      60_000,
    );
    expect(ids(restarted.of('ring'))).toEqual([crashing!.eventId]);
    expect(
      restarted.entries.filter((e) => e.handler !== 'audit').map((e) => `${e.handler} ${e.phase}`),
    ).toEqual(['ring start', 'ring end', 'echo start', 'echo end']);
  });

  it('retries a failing handler, then parks the event on <topic>.dlq with the headers the contract promises, and goes on', async () => {
    const [failing, next] = await publishBells(kafka, prefix, [{ note: 'fail' }, { note: 'ok' }]);
    const journal = new Journal();
    app = await startBells(journal, {
      storage,
      consumers: { reactions: { retry: { attempts: 3, initialMs: 20 } } },
    });
    await eventually('the ring after the failing one to be handled', async () =>
      ids(journal.of('echo')).includes(next!.eventId),
    );

    expect(ids(journal.of('ring', 'start'))).toEqual([
      failing!.eventId,
      failing!.eventId,
      failing!.eventId,
      next!.eventId,
    ]);
    expect(ids(journal.of('echo'))).toEqual([next!.eventId]);
    const [parked] = await readMessages(kafka, `${prefix}bells.events.dlq`, 1);
    const headers = Object.fromEntries(
      Object.entries(parked!.headers ?? {}).map(([name, value]) => [name, value?.toString()]),
    );
    expect(Object.keys(headers).sort()).toEqual(Object.keys(deadLetterHeaders).sort());
    expect(headers).toMatchObject({
      'dlq-error': 'the bell is cracked',
      'dlq-attempts': '3',
      'dlq-consumer-group': `${prefix}bells-reactions`,
      'dlq-original-topic': `${prefix}bells.events`,
      'dlq-original-partition': '0',
      'dlq-original-offset': '0',
    });
    expect(Date.parse(headers['dlq-parked-at']!)).not.toBeNaN();
    expect((JSON.parse(parked!.value!.toString()) as EventEnvelope).eventId).toBe(failing!.eventId);
    await eventually('both events committed', async () => (await committed('reactions'))[0] === '2');
  });

  it('runs each consumer as a group of its own that gets every event; within one, the handlers of an event run one after the other', async () => {
    const events = await publishBells(kafka, prefix, [{ note: 'ok' }, { note: 'ok' }, { note: 'ok' }], 2);
    const [rings, lamps] = [events.slice(0, 3), events.slice(3)];
    const journal = new Journal();
    app = await startBells(journal, { storage });
    await eventually(
      'every event handled by both consumers',
      async () => journal.of('echo').length === 3 && journal.of('audit').length === 5,
    );

    expect(ids(journal.of('ring'))).toEqual(ids(rings));
    expect(ids(journal.of('audit')).sort()).toEqual(ids([...rings, ...lamps]).sort());
    const reactions = journal.entries
      .filter((e) => e.handler !== 'audit')
      .map((e) => `${e.handler} ${e.phase}`);
    expect(reactions).toEqual(rings.flatMap(() => ['ring start', 'ring end', 'echo start', 'echo end']));
    const states = app.get(BackgroundConsumers).states();
    expect(states).toEqual({
      [`${prefix}bells-reactions`]: 'consuming',
      [`${prefix}bells-audit`]: 'consuming',
    });
    await eventually('each group to commit what it handled', async () => {
      const [ofReactions, ofAudit, lampsOfAudit] = await Promise.all([
        committed('reactions'),
        committed('audit'),
        committed('audit', 'lamps.events'),
      ]);
      return ofReactions[0] === '3' && ofAudit[0] === '3' && lampsOfAudit[0] === '2';
    });
  });

  it('handles partitions in parallel, each in its order', async () => {
    const rings = Array.from({ length: 18 }, (_, i) => ({ note: 'slow' as const, partition: i % 3 }));
    await publishBells(kafka, prefix, rings);
    const journal = new Journal();
    app = await startBells(journal, { storage, consumers: { reactions: { partitionsConcurrently: 3 } } });
    await eventually('every ring handled', async () => journal.of('echo').length === 18);

    const ringing = journal.entries.filter((e) => e.handler === 'ring');
    for (const partition of [0, 1, 2]) {
      const inPartition = ringing.filter((e) => e.partition === partition);
      expect(inPartition.map((e) => `${e.offset} ${e.phase}`)).toEqual(
        ['0', '1', '2', '3', '4', '5'].flatMap((offset) => [`${offset} start`, `${offset} end`]),
      );
    }
    let inFlight = 0;
    let most = 0;
    for (const e of ringing) most = Math.max(most, (inFlight += e.phase === 'start' ? 1 : -1));
    expect(most).toBeGreaterThan(1);
  });

  it('stops within seconds while a handler waits on its signal, leaving that event uncommitted', async () => {
    await publishBells(kafka, prefix, [{ note: 'wait' }]);
    const journal = new Journal();
    const started = await startBells(journal, { storage });
    await eventually('the handler to be waiting', async () => journal.of('ring', 'start').length === 1);

    const before = Date.now();
    await started.close();
    expect(Date.now() - before).toBeLessThan(3000);
    expect(journal.of('ring')).toEqual([]);
    expect((await committed('reactions'))[0]).toBe('-1');
  });
});

/** The first `count` messages of a topic, read by a group of their own. */
async function readMessages(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const reader = kafka.consumer({ groupId: uniqueName('reader') });
  const messages: KafkaMessage[] = [];
  await reader.connect();
  try {
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await eventually(`${count} messages on ${topic}`, async () => messages.length >= count);
    return messages.slice(0, count);
  } finally {
    await reader.disconnect();
  }
}
