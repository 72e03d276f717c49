import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventCatalog, allEvents, type EventEnvelope } from '@platform/contracts';
import {
  EVENT_STORE,
  EventingModule,
  MONGO_CONNECTION,
  PG_POOL,
  quoteIdent,
  ReadModels,
  type EventStore,
} from '@platform/eventing';
import { CompressionTypes, type Kafka, type Message } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { loadPlatformEnv } from '../../libs/eventing/src/config/config';
import { createKafka, ensureTopics } from '../../libs/eventing/src/kafka/kafka';
import { leaderboardReadModels } from '../../services/workforce/src/leaderboard/leaderboard.projection';
import { messageOf } from '../../services/workforce/test/support/leaderboard-events';

// The workforce leaderboard's rebuild by the read-model library (the workers' station histories from
// the service's event log, the jobs from orders' and feedback's topics), against its reference: a
// raw unordered insertMany of as many event documents into the same MongoDB-compatible server. Called by bench/workforce/run.ts;
// alone: tsx bench/workforce/leaderboard-bench-cli.ts (BENCH_LEADERBOARD_EVENTS, default 1,000,000).
const WORKERS = 2000;
const STATIONS = 20;
const BRANCHES = 4;
const MOVES = 50;
const INCIDENTS = 300;
const COMPLAINTS = 300;
const PRODUCE_BATCH = 4000; // about 1.8 MB a request: under the broker's 1 MB per partition batch
const RAW_BATCH = 10_000;
const YEAR_START = Date.parse('2024-01-01T00:00:00+08:00');
const YEAR_MS = Date.parse('2025-01-01T00:00:00+08:00') - YEAR_START;

/** mulberry32: the same events twice (once for Kafka, once for the raw reference) without keeping a million in memory. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const workerId = (i: number) => `wkr-bench-${String(i).padStart(5, '0')}`;
const stationOf = (i: number) => i % STATIONS;
const stationId = (s: number) => `st-bench-${String(s).padStart(2, '0')}`;
const branchId = (s: number) => `br-bench-${s % BRANCHES}`;

/**
 * The benchmark's history: every worker applies; `jobEvents` job events (a check-in and a completion
 * per job, 1–6 hours apart, completed over 2024, workers picked at random); a few workers move
 * station mid-year; a few hundred incidents and complaints on random jobs, last.
 */
function* benchEvents(jobEvents: number, seed: number): Generator<EventEnvelope> {
  const random = prng(seed);
  const envelope = (
    type: string,
    streamId: string,
    streamPosition: number,
    at: number,
    data: object,
  ): EventEnvelope => {
    const occurredAt = new Date(at).toISOString();
    return {
      eventId: uuidFrom(random),
      type,
      schemaVersion: 1,
      streamId,
      streamPosition,
      occurredAt,
      recordedAt: occurredAt,
      correlationId: uuidFrom(random),
      causationId: null,
      actor: { kind: 'system', id: 'bench' },
      data,
    };
  };
  for (let w = 0; w < WORKERS; w++) {
    const s = stationOf(w);
    yield envelope('WorkerApplied', `worker-${workerId(w)}`, 0, YEAR_START - 30 * 86_400_000, {
      workerId: workerId(w),
      profileId: uuidFrom(random),
      branchId: branchId(s),
      stationId: stationId(s),
      jobTypes: ['housekeeping'],
      languages: ['zh'],
      experienceYears: 3,
      homeLocation: { lat: 31.2, lng: 121.45 },
      serviceAreas: ['xuhui'],
    });
  }
  const jobs = Math.floor(jobEvents / 2);
  const feedback: { orderId: string; workerId: string; at: number }[] = [];
  const feedbackEvery = Math.max(1, Math.floor(jobs / (INCIDENTS + COMPLAINTS)));
  const moveEvery = Math.max(1, Math.floor(jobs / MOVES));
  let moves = 0;
  for (let j = 0; j < jobs; j++) {
    if (j % moveEvery === 0 && moves < MOVES) {
      const w = (moves++ * 37) % WORKERS; // distinct workers: each moves once
      const from = stationOf(w);
      const to = (from + 1) % STATIONS;
      yield envelope('WorkerMovedStation', `worker-${workerId(w)}`, 1, YEAR_START + YEAR_MS / 2, {
        workerId: workerId(w),
        fromStationId: stationId(from),
        toStationId: stationId(to),
        branchId: branchId(to),
      });
    }
    const orderId = uuidFrom(random);
    const worker = workerId(Math.floor(random() * WORKERS));
    const completedAt = YEAR_START + Math.floor(random() * YEAR_MS);
    const checkedInAt = completedAt - (1 + Math.floor(random() * 20)) * 15 * 60_000;
    yield envelope('JobCheckedIn', `order-${orderId}`, 4, checkedInAt, {
      orderId,
      workerId: worker,
      position: { lat: 31.2, lng: 121.45 },
      distanceMeters: Math.floor(random() * 400),
    });
    yield envelope('JobCompleted', `order-${orderId}`, 9, completedAt, {
      orderId,
      workerId: worker,
      checklistDone: 8,
      checklistTotal: 8,
      photos: 3,
      sparePartRequests: 0,
    });
    if (j % feedbackEvery === 0 && feedback.length < INCIDENTS + COMPLAINTS)
      feedback.push({ orderId, workerId: worker, at: completedAt + 3 * 86_400_000 });
  }
  for (const [i, job] of feedback.entries()) {
    const id = uuidFrom(random);
    yield i % 2 === 0
      ? envelope('SafetyIncidentRecorded', `incident-${id}`, 0, job.at, {
          incidentId: id,
          orderId: job.orderId,
          workerId: job.workerId,
          severity: 'minor',
        })
      : envelope('ComplaintUpheld', `complaint-${id}`, 0, job.at, {
          complaintId: id,
          orderId: job.orderId,
          workerId: job.workerId,
        });
  }
}

const isJobEvent = (event: EventEnvelope) => event.type === 'JobCheckedIn' || event.type === 'JobCompleted';
const catalog = new EventCatalog(allEvents);
const isWorkerEvent = (event: EventEnvelope) => event.streamId.startsWith('worker-');
/** The topics of the events the workforce service does not write itself. */
const foreignTopics = (prefix: string) => [
  ...new Set(['JobCompleted', 'ComplaintUpheld'].map((type) => `${prefix}${catalog.latest(type)!.topic}`)),
];
const round = (n: number) => Math.round(n);

function every(ms: number, report: () => void) {
  const timer = setInterval(report, ms);
  return () => clearInterval(timer);
}

async function produce(
  kafka: Kafka,
  store: EventStore,
  prefix: string,
  jobEvents: number,
  seed: number,
  log: (line: string) => void,
) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  let sent = 0;
  const stop = every(1000, () =>
    log(`  producing: ${sent} events (${round(sent / ((performance.now() - started) / 1000))}/s)`),
  );
  try {
    let batch = new Map<string, Message[]>();
    let size = 0;
    const flush = async () => {
      if (size === 0) return;
      // One request at a time, so each stream's events stay in order on its partition.
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...batch].map(([topic, messages]) => ({ topic, messages })),
      });
      sent += size;
      batch = new Map();
      size = 0;
    };
    for (const event of benchEvents(jobEvents, seed)) {
      if (isWorkerEvent(event)) {
        // The service's own events live in its event log, which the rebuild replays.
        const { eventId, type, schemaVersion, data, occurredAt, correlationId, causationId, actor } = event;
        await store.appendToStream(
          event.streamId,
          [{ eventId, type, schemaVersion, data, occurredAt, correlationId, causationId, actor }],
          { expectedVersion: 'any' },
        );
        sent++;
        continue;
      }
      const topic = `${prefix}${catalog.latest(event.type)!.topic}`;
      const messages = batch.get(topic) ?? [];
      messages.push(messageOf(event));
      batch.set(topic, messages);
      if (++size >= PRODUCE_BATCH) await flush();
    }
    await flush();
  } finally {
    stop();
    await producer.disconnect();
  }
  return { events: sent, seconds: (performance.now() - started) / 1000 };
}

/** The reference: the same job events as plain documents, insertMany(ordered: false) in batches of 10k, one at a time. */
async function rawInsert(
  db: mongoose.mongo.Db,
  jobEvents: number,
  seed: number,
  log: (line: string) => void,
) {
  const collection = db.collection('events');
  let inserted = 0;
  let insertSeconds = 0;
  const started = performance.now();
  const stop = every(1000, () =>
    log(
      `  raw insertMany: ${inserted} / ${jobEvents} documents (${round(inserted / Math.max(insertSeconds, 0.001))}/s)`,
    ),
  );
  try {
    let docs: mongoose.mongo.Document[] = [];
    const flush = async () => {
      const t = performance.now();
      await collection.insertMany(docs, { ordered: false });
      insertSeconds += (performance.now() - t) / 1000;
      inserted += docs.length;
      docs = [];
    };
    for (const event of benchEvents(jobEvents, seed)) {
      if (!isJobEvent(event)) continue;
      docs.push({ ...event });
      if (docs.length >= RAW_BATCH) await flush();
    }
    if (docs.length > 0) await flush();
  } finally {
    stop();
  }
  return { docs: inserted, seconds: insertSeconds, wallSeconds: (performance.now() - started) / 1000 };
}

export async function leaderboardBench(log: (line: string) => void): Promise<{
  leaderboard_rebuild_events_per_s: number;
  raw_bulk_insert_docs_per_s: number;
  leaderboard_events: number;
}> {
  const jobEvents = Number(process.env.BENCH_LEADERBOARD_EVENTS ?? 1_000_000);
  const env = loadPlatformEnv();
  const run = `bench_leaderboard_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const prefix = `${run}.`;
  const seed = 20_240_101;
  const kafka = createKafka(env.KAFKA_BROKERS, 'bench-leaderboard');
  const topics = foreignTopics(prefix);
  // The service's platform with the leaderboard's read models only, consuming nothing itself.
  process.env.KAFKA_TOPIC_PREFIX = prefix;
  @Module({
    imports: [
      EventingModule.forRoot({
        context: 'workforce',
        storage: run,
        events: allEvents,
        forward: false,
        consume: false,
        readModels: leaderboardReadModels,
      }),
    ],
  })
  class LeaderboardBenchModule {}
  const app = await NestFactory.createApplicationContext(LeaderboardBenchModule, {
    logger: ['error', 'warn'],
  });
  const raw = await mongoose.createConnection(env.MONGO_URL, { dbName: `${run}_raw` }).asPromise();
  log(
    `leaderboard bench ${run}: ${jobEvents} job events, ${WORKERS} workers in ${STATIONS} stations, 12 months`,
  );
  try {
    await ensureTopics(kafka, topics);
    const produced = await produce(kafka, app.get<EventStore>(EVENT_STORE), prefix, jobEvents, seed, log);
    log(
      `  produced ${produced.events} events in ${produced.seconds.toFixed(1)} s (${round(produced.events / produced.seconds)}/s)`,
    );

    const rebuilt = await app.get(ReadModels).rebuild(
      leaderboardReadModels.map((readModel) => readModel.name),
      { log: (line) => log(`  ${line}`) },
    );
    const rebuildRate = rebuilt.applied / rebuilt.seconds;

    const reference = await rawInsert(raw.db!, jobEvents, seed, log);
    const rawRate = reference.docs / reference.seconds;

    const ratio = rebuildRate / rawRate;
    log('');
    log(
      `  ${'leaderboard rebuild (library replay)'.padEnd(40)} ${`${round(rebuildRate)} events/s`.padStart(16)}   ` +
        `reference: raw insertMany ${round(rawRate)} docs/s; ratio ${ratio.toFixed(2)} (goal >= 0.5) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
    );
    log(
      `  ${'raw insertMany (reference)'.padEnd(40)} ${`${round(rawRate)} docs/s`.padStart(16)}   ` +
        `${reference.docs} event documents in ${reference.seconds.toFixed(1)} s of insertMany`,
    );
    return {
      leaderboard_rebuild_events_per_s: round(rebuildRate),
      raw_bulk_insert_docs_per_s: round(rawRate),
      leaderboard_events: rebuilt.applied,
    };
  } finally {
    await app
      .get<Connection>(MONGO_CONNECTION)
      .dropDatabase()
      .catch(() => undefined);
    await app
      .get<Pool>(PG_POOL)
      .query(`DROP SCHEMA IF EXISTS ${quoteIdent(run)} CASCADE`)
      .catch(() => undefined);
    await app.close();
    await raw.dropDatabase().catch(() => undefined);
    await raw.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}
