import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventCatalog } from '@platform/contracts';
import { tallyEvents } from '../../libs/eventing/proof/tally/tally-events';
import { Partitioners, type Message } from 'kafkajs';
import type { Pool } from 'pg';
import { kill, startProcess } from '../../libs/eventing/proof/processes/spawn';
import { loadPlatformEnv } from '../../libs/eventing/src/config/config';
import { PostgresEventStore } from '../../libs/eventing/src/event-store/postgres-event-store';
import type { NewEvent, RecordedEvent } from '../../libs/eventing/src/event-store/event-store';
import { Forwarder } from '../../libs/eventing/src/kafka/forwarder';
import { createKafka, ensureTopics } from '../../libs/eventing/src/kafka/kafka';
import { createPool, quoteIdent } from '../../libs/eventing/src/postgres/postgres';

// npm run bench:eventing — each figure next to its reference, measured in the same run on the
// same servers; results also go to bench/results/eventing.json.
const WRITERS = 8;
const SINGLE_APPENDS = Number(process.env.BENCH_APPENDS ?? 8000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 400);
const FORWARD_EVENTS = Number(process.env.BENCH_FORWARD_EVENTS ?? 40000);
const E2E_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 20);
const E2E_RATE = 200;
const catalog = new EventCatalog(tallyEvents);
const reason = 'x'.repeat(850); // makes each stored event about 1 KB

const event = (tallyId: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'TallyIncremented',
  schemaVersion: 2,
  data: { tallyId, amount: 1, reason },
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: 'bench' },
});

async function concurrently(total: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const line = (label: string, value: string, reference: string) => console.log(`  ${label.padEnd(44)} ${value.padStart(14)}   ${reference}`);

async function appends(pool: Pool, schema: string) {
  const store = await PostgresEventStore.create(pool, schema);
  const streams = Array.from({ length: 1000 }, () => randomUUID());
  const versions = new Map<string, number>();
  const appendSeconds = await concurrently(SINGLE_APPENDS, async (i) => {
    const tallyId = streams[i % streams.length]!;
    // Each writer owns distinct streams at any moment (i mod 1000 with 8 writers never collides).
    const expected = versions.get(tallyId) ?? 'no_stream';
    const result = await store.appendToStream(`tally-${tallyId}`, [event(tallyId)], { expectedVersion: expected });
    versions.set(tallyId, result.nextExpectedVersion);
  });
  const raw = `${quoteIdent(schema)}.raw_events`;
  await pool.query(`CREATE TABLE ${raw} (id bigserial PRIMARY KEY, stream_id text, stream_position int, event_id uuid, type text,
    schema_version int, data jsonb, occurred_at timestamptz, correlation_id text, causation_id text, actor jsonb)`);
  const rawSeconds = await concurrently(SINGLE_APPENDS, async (i) => {
    const e = event(streams[i % streams.length]!);
    await pool.query(
      `INSERT INTO ${raw} (stream_id, stream_position, event_id, type, schema_version, data, occurred_at, correlation_id, causation_id, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [`tally-x`, i, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), e.occurredAt, e.correlationId, e.causationId, JSON.stringify(e.actor)],
    );
  });
  const batchSeconds = await concurrently(BATCHES, async () => {
    const tallyId = randomUUID();
    await store.appendToStream(`tally-${tallyId}`, Array.from({ length: 100 }, () => event(tallyId)), { expectedVersion: 'no_stream' });
  });
  return {
    append_per_s: SINGLE_APPENDS / appendSeconds,
    raw_insert_per_s: SINGLE_APPENDS / rawSeconds,
    batch_append_events_per_s: (BATCHES * 100) / batchSeconds,
  };
}

async function forwarding(pool: Pool, brokers: string, schema: string) {
  const store = await PostgresEventStore.create(pool, schema);
  for (let i = 0; i < FORWARD_EVENTS / 100; i++) {
    const tallyId = randomUUID();
    await store.appendToStream(`tally-${tallyId}`, Array.from({ length: 100 }, () => event(tallyId)), { expectedVersion: 'no_stream' });
  }
  const kafka = createKafka(brokers, 'bench');
  const batchSize = 500;
  let forwarded = 0;
  const sample: RecordedEvent[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const forwarder = new Forwarder({
    name: 'bench', store, catalog, kafka, pool, schema, topicPrefix: `${schema}.fwd.`, batchSize,
    onForwarded: (batch) => {
      if (sample.length < FORWARD_EVENTS) sample.push(...batch);
      forwarded += batch.length;
      if (forwarded >= FORWARD_EVENTS) done();
    },
  });
  await ensureTopics(kafka, [`${schema}.fwd.proof.events`, `${schema}.direct.proof.events`]);
  let started = process.hrtime.bigint();
  await forwarder.start();
  await finished;
  const forwardSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await forwarder.stop();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const messages: Message[] = sample.map(({ position: _position, ...e }) => ({
    key: e.streamId,
    value: JSON.stringify(e),
    headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) },
  }));
  started = process.hrtime.bigint();
  for (let i = 0; i < messages.length; i += batchSize) {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: `${schema}.direct.proof.events`, messages: messages.slice(i, i + batchSize) }] });
  }
  const directSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.disconnect();
  return { forward_per_s: FORWARD_EVENTS / forwardSeconds, kafkajs_direct_per_s: messages.length / directSeconds };
}

async function endToEnd(pool: Pool, schema: string) {
  const store = await PostgresEventStore.create(pool, schema);
  const latencyLog = join(tmpdir(), `${schema}-latencies.json`);
  const env = { PROOF_STORAGE: schema, KAFKA_TOPIC_PREFIX: `${schema}.e2e.`, PROOF_LATENCY_LOG: latencyLog };
  const forwarder = await startProcess('forwarder', env);
  const consumer = await startProcess('consumer', env);
  const streams = Array.from({ length: 50 }, () => randomUUID());
  const total = E2E_SECONDS * E2E_RATE;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / E2E_RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const tallyId = streams[i % streams.length]!;
    void store.appendToStream(`tally-${tallyId}`, [event(tallyId)], { expectedVersion: 'any' });
  }
  const deadline = Date.now() + 60000;
  let latencies: number[] = [];
  const rss = { forwarder: peakRssMb(forwarder.child.pid!), consumer: peakRssMb(consumer.child.pid!) };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rss.forwarder = Math.max(rss.forwarder, peakRssMb(forwarder.child.pid!));
    rss.consumer = Math.max(rss.consumer, peakRssMb(consumer.child.pid!));
    await kill(consumer, 'SIGTERM');
    latencies = JSON.parse(readFileSync(latencyLog, 'utf8')) as number[];
    if (latencies.length >= total || Date.now() > deadline) break;
  }
  await kill(forwarder, 'SIGTERM');
  latencies.sort((a, b) => a - b);
  return { e2e_p50_ms: percentile(latencies, 50), e2e_p99_ms: percentile(latencies, 99), measured: latencies.length, total, rss };
}

async function main() {
  const env = loadPlatformEnv();
  const schema = `bench_${Date.now()}`;
  const pool = createPool(env.PG_URL, 20);
  console.log(`eventing benchmark on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model}`);
  console.log(`servers: PostgreSQL ${env.PG_URL.replace(/:[^:@/]+@/, ':***@')}, Kafka ${env.KAFKA_BROKERS}, MongoDB ${env.MONGO_URL}\n`);
  console.log(`1) appends, ${WRITERS} concurrent writers, ~1 KB events`);
  const a = await appends(pool, schema);
  line('append (1 event, expected version) /s', a.append_per_s.toFixed(0), `raw INSERT of the same row: ${a.raw_insert_per_s.toFixed(0)}/s → ratio ${(a.append_per_s / a.raw_insert_per_s).toFixed(2)} (goal ≥ 0.8)`);
  line('batch append (100 events) events/s', a.batch_append_events_per_s.toFixed(0), '');
  console.log(`2) forwarding ${FORWARD_EVENTS} stored events to Kafka, batches of 500`);
  const f = await forwarding(pool, env.KAFKA_BROKERS, schema);
  line('forwarder events/s', f.forward_per_s.toFixed(0), `kafkajs sending the same messages directly: ${f.kafkajs_direct_per_s.toFixed(0)}/s → ratio ${(f.forward_per_s / f.kafkajs_direct_per_s).toFixed(2)} (goal ≥ 0.7)`);
  console.log(`3) append → read model, steady ${E2E_RATE} events/s for ${E2E_SECONDS} s (forwarder and consumer as separate processes)`);
  const e = await endToEnd(pool, `${schema}_e2e`);
  line('latency p50 ms', String(e.e2e_p50_ms), `p99 ${e.e2e_p99_ms} ms (goal p99 < 100 ms), ${e.measured}/${e.total} events measured`);
  const benchRss = process.resourceUsage().maxRSS / 1024;
  line('peak RSS MB', Math.max(benchRss, e.rss.forwarder, e.rss.consumer).toFixed(0), `bench/writer ${benchRss.toFixed(0)}, forwarder ${e.rss.forwarder.toFixed(0)}, consumer ${e.rss.consumer.toFixed(0)}`);
  await pool.end();

  const results = {
    ...a,
    ...f,
    e2e_p50_ms: e.e2e_p50_ms,
    e2e_p99_ms: e.e2e_p99_ms,
    peak_rss_mb: Math.max(benchRss, e.rss.forwarder, e.rss.consumer),
    writer_rss_mb: benchRss,
    forwarder_rss_mb: e.rss.forwarder,
    consumer_rss_mb: e.rss.consumer,
    append_vs_raw_ratio: a.append_per_s / a.raw_insert_per_s,
    forward_vs_direct_ratio: f.forward_per_s / f.kafkajs_direct_per_s,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/eventing.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results/eventing.json');
  process.exit(0);
}

main().catch((error) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
