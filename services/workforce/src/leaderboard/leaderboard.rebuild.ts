import { Inject, Injectable } from '@nestjs/common';
import { KAFKA, MONGO_CONNECTION, PLATFORM_ENV, ensureTopics, type PlatformEnv } from '@platform/eventing';
import type { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { LeaderboardFold, leaderboardEventTypes, type LeaderboardEvent } from './domain/leaderboard';
import { leaderboardCatalog, leaderboardGroup, leaderboardTopics } from './leaderboard.consumer';
import {
  docOfJob,
  docOfTotals,
  docOfWorker,
  leaderboardCollections,
  leaderboardIndexes,
} from './leaderboard.store';

export interface LeaderboardRebuildOptions {
  kafka: Kafka;
  topicPrefix: string;
  /** The service's database (EventingModule's MONGO_CONNECTION). */
  connection: Connection;
  log?: (line: string) => void;
  /** Documents per insertMany. */
  batchSize?: number;
}

export interface LeaderboardRebuildResult {
  /** Messages read from the topics, up to the end offsets taken at the start. */
  read: number;
  /** Leaderboard events applied (redeliveries in the log are not counted). */
  applied: number;
  /** Messages of other event types, duplicates and malformed messages. */
  skipped: number;
  documents: { jobs: number; workers: number; months: number };
  seconds: { read: number; write: number; total: number };
}

type Name = keyof typeof leaderboardCollections;
const names = Object.keys(leaderboardCollections) as Name[];
const freshName = (name: Name) => `${leaderboardCollections[name]}__rebuild`;
const oldName = (name: Name) => `${leaderboardCollections[name]}__old`;
const handled = new Set<string>(leaderboardEventTypes);

/**
 * Recomputes the leaderboard from the topics, every past month included:
 * 1. takes the topics' end offsets, and refuses to run while the live consumer group has members
 *    (stop the processes with `LeaderboardModule.forRoot({ consume: true })` first);
 * 2. reads the three topics from the beginning up to those offsets with a throw-away consumer group,
 *    folding every event in memory (`LeaderboardFold`: at most once per document and stream);
 * 3. writes the result into fresh collections with large unordered `insertMany`s, indexes them, and
 *    swaps them in by renaming (the old documents serve queries until then);
 * 4. commits the end offsets of step 1 for the live group, so the live consumer resumes there
 *    instead of applying the whole history again (that would be correct, but slow).
 * Progress is printed every second. Only one rebuild may run at a time.
 */
export async function rebuildLeaderboard(
  options: LeaderboardRebuildOptions,
): Promise<LeaderboardRebuildResult> {
  const { kafka, topicPrefix, connection, log = console.log, batchSize = 10_000 } = options;
  const db = connection.db;
  if (!db) throw new Error('the MongoDB connection is not open');
  const started = performance.now();
  const progress = new Progress(log);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const liveGroup = leaderboardGroup(topicPrefix);
    await assertIdle(admin, liveGroup);
    const topics = leaderboardTopics(topicPrefix);
    await ensureTopics(kafka, topics);
    const ends = await endOffsets(admin, topics);
    const fold = new LeaderboardFold();
    const counts = await readTopics(kafka, topicPrefix, ends, fold, progress, log);
    const readDone = performance.now();
    const documents = await writeFresh(db, fold, batchSize, progress);
    await assertIdle(admin, liveGroup);
    progress.start('swapping collections', names.length);
    await swap(db, progress);
    progress.start('moving the live consumer group to the end offsets', 1);
    await handOver(kafka, liveGroup, ends);
    progress.done++;
    const done = performance.now();
    const seconds = {
      read: (readDone - started) / 1000,
      write: (done - readDone) / 1000,
      total: (done - started) / 1000,
    };
    log(
      `rebuild leaderboard: done, ${counts.applied} events applied (${counts.read} read) into ` +
        `${documents.jobs} jobs, ${documents.workers} workers, ${documents.months} worker-months in ` +
        `${seconds.total.toFixed(1)} s (read ${seconds.read.toFixed(1)} s, write ${seconds.write.toFixed(1)} s)`,
    );
    return { ...counts, documents, seconds };
  } finally {
    progress.stop();
    await admin.disconnect();
  }
}

/** The rebuild as a provider of LeaderboardModule. */
@Injectable()
export class LeaderboardRebuild {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
  ) {}

  run(log?: (line: string) => void): Promise<LeaderboardRebuildResult> {
    return rebuildLeaderboard({
      kafka: this.kafka,
      topicPrefix: this.env.KAFKA_TOPIC_PREFIX,
      connection: this.connection,
      ...(log ? { log } : {}),
    });
  }
}

class Progress {
  phase = 'starting';
  done = 0;
  total = 0;
  private phaseStarted = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: (line: string) => void) {
    this.timer = setInterval(() => this.report(), 1000);
  }

  start(phase: string, total: number) {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.phaseStarted = performance.now();
    this.report();
  }

  report() {
    const seconds = (performance.now() - this.phaseStarted) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    this.log(`rebuild leaderboard: ${this.phase} ${this.done} / ${this.total} (${rate}/s)`);
  }

  stop() {
    clearInterval(this.timer);
  }
}

async function assertIdle(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups[0]?.members.length ?? 0;
  if (members > 0) {
    throw new Error(
      `consumer group ${groupId} has ${members} member(s): stop the live leaderboard consumers ` +
        '(LeaderboardModule.forRoot({ consume: true })) before rebuilding, then start them again',
    );
  }
}

/**
 * Commits the end offsets for the live group, as its only member for a moment. (kafkajs's
 * admin.setOffsets does the same per topic, but waits out a full fetch for each: 5 s a topic.)
 */
async function handOver(kafka: Kafka, groupId: string, ends: Ends): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 1024 });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    });
    await consumer.subscribe({ topics: [...ends.keys()], fromBeginning: true });
    // Applies nothing and commits nothing on its own: autoCommit is off and no offset is resolved.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause([...ends.keys()].map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(
      [...ends].flatMap(([topic, partitions]) =>
        partitions.map(({ partition, high }) => ({ topic, partition, offset: String(high) })),
      ),
    );
  } finally {
    await consumer.disconnect();
  }
}

type Ends = Map<string, { partition: number; low: number; high: number }[]>;

async function endOffsets(admin: Admin, topics: string[]): Promise<Ends> {
  const ends: Ends = new Map();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends.set(
      topic,
      offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })),
    );
  }
  return ends;
}

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

async function readTopics(
  kafka: Kafka,
  prefix: string,
  ends: Ends,
  fold: LeaderboardFold,
  progress: Progress,
  log: (line: string) => void,
): Promise<Pick<LeaderboardRebuildResult, 'read' | 'applied' | 'skipped'>> {
  /** Per partition still to read, the last offset to reach. */
  const remaining = new Map<string, number>();
  let total = 0;
  for (const [topic, partitions] of ends) {
    for (const { partition, low, high } of partitions) {
      if (high > low) remaining.set(`${topic}:${partition}`, high - 1);
      total += high - low;
    }
  }
  const counts = { read: 0, applied: 0, skipped: 0 };
  progress.start('reading events', total);
  if (remaining.size === 0) return counts;

  let malformed = 0;
  const handle = (message: KafkaMessage) => {
    const type = header(message.headers, 'event-type');
    if (type !== undefined && !handled.has(type)) {
      counts.skipped++;
      return;
    }
    let event;
    try {
      event = leaderboardCatalog.read(JSON.parse(message.value?.toString() ?? 'null'));
    } catch (error) {
      // The live consumer parks such a message on the dead-letter topic; here it is only counted.
      if (++malformed <= 5) log(`rebuild leaderboard: skipping a malformed message: ${String(error)}`);
      counts.skipped++;
      return;
    }
    if (event && fold.apply(event as LeaderboardEvent)) counts.applied++;
    else counts.skipped++;
  };

  const groupId = `${prefix}workforce-leaderboard-rebuild-${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    maxBytes: 64 * 1024 * 1024,
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxWaitTimeInMs: 200,
    sessionTimeout: 60_000,
    heartbeatInterval: 3000,
  });
  await consumer.connect();
  try {
    let finish!: () => void;
    let fail!: (error: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    consumer.on(consumer.events.CRASH, (event) => fail(event.payload.error));
    await consumer.subscribe({ topics: [...ends.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const key = `${batch.topic}:${batch.partition}`;
        const last = remaining.get(key);
        if (last === undefined) return;
        for (const message of batch.messages) {
          if (Number(message.offset) > last) break;
          counts.read++;
          progress.done++;
          handle(message);
        }
        if (Number(batch.lastOffset()) >= last) {
          remaining.delete(key);
          if (remaining.size === 0) finish();
        }
        await heartbeat();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return counts;
}

async function writeFresh(
  db: mongo.Db,
  fold: LeaderboardFold,
  batchSize: number,
  progress: Progress,
): Promise<LeaderboardRebuildResult['documents']> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of names) {
    if (existing.has(freshName(name))) await db.dropCollection(freshName(name));
    await db.createCollection(freshName(name));
  }
  const months = fold.monthTotals();
  const documents = { ...fold.size, months: months.length };
  progress.start('writing documents', documents.jobs + documents.workers + documents.months);
  const sources: [Name, Iterable<mongo.Document>][] = [
    ['workers', map(fold.workerHistories(), (w) => docOfWorker(w.workerId, w.spells, w.applied))],
    ['months', months.map(docOfTotals)],
    ['jobs', map(fold.attributedJobs(), (job) => docOfJob(job, job.applied))],
  ];
  for (const [name, docs] of sources)
    await insertAll(db.collection(freshName(name)), docs, batchSize, progress);
  progress.start('indexing', names.length);
  for (const name of names) {
    for (const keys of leaderboardIndexes[name]) await db.collection(freshName(name)).createIndex(keys);
    progress.done++;
  }
  return documents;
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** Unordered insertMany batches, two in flight: one is being sent while the server stores the other. */
async function insertAll(
  collection: mongo.Collection,
  docs: Iterable<mongo.Document>,
  batchSize: number,
  progress: Progress,
): Promise<void> {
  const iterator = docs[Symbol.iterator]();
  const next = () => {
    const batch: mongo.Document[] = [];
    for (let item = iterator.next(); !item.done; item = iterator.next()) {
      batch.push(item.value);
      if (batch.length >= batchSize) break;
    }
    return batch;
  };
  const lane = async () => {
    for (let batch = next(); batch.length > 0; batch = next()) {
      await collection.insertMany(batch, { ordered: false });
      progress.done += batch.length;
    }
  };
  await Promise.all([lane(), lane()]);
}

/** Renames the fresh collections over the live ones (FerretDB 1.x cannot rename with dropTarget). */
async function swap(db: mongo.Db, progress: Progress): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of names) {
    const live = leaderboardCollections[name];
    if (existing.has(oldName(name))) await db.dropCollection(oldName(name));
    if (existing.has(live)) await db.renameCollection(live, oldName(name));
    await db.renameCollection(freshName(name), live);
    if (existing.has(live)) await db.dropCollection(oldName(name));
    progress.done++;
  }
}
