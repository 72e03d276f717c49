import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { allEvents, EventCatalog, eventsTopic, type EventEnvelope } from '@platform/contracts';
import {
  CatchUp,
  createKafka,
  createPool,
  DuplicateEvent,
  EventConsumer,
  loadPlatformEnv,
  PostgresEventStore,
  quoteIdent,
} from '@platform/eventing';
import { FeatureSettings } from '@platform/service-kit';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { loadDispatchEnv } from '../../services/dispatch/src/dispatch.config';
import { createDispatchApp } from '../../services/dispatch/src/main';
import type { OrderToDispatch, WorkerView } from '../../services/dispatch/src/matching';
import type { DispatchWorld } from '../../services/dispatch/src/world/domain/dispatch-world';
import { WorldFeed } from '../../services/dispatch/src/world/world-feed';
import { generateCity, generateOrders } from '../../services/dispatch/test/support/generate-city';

// Sustained placements per second through the whole flow, on the running service with Kafka and
// PostgreSQL: the dispatch app in-process on a storage schema and topic prefix of its own, fed the
// generated city of 10,000 workers as workforce would publish it; then BENCH_PLACEMENTS_ORDERS
// (default 2,000) OrderPlaced published as fast as possible, timed from the first publish until every
// order has its DispatchDecided and OfferMade (or DispatchFailed) in the event store and the view.
// Accepting is left out: that is a worker's click, not throughput. The follow-up reactions
// (offer rows, expiry and SLA timers) run meanwhile and compete for the machine, as they would.
// Reference in the same run, after the app is closed: the same orders through the same topic into
// a bare EventConsumer that appends one event per order to a PostgresEventStore of its own — the
// platform's floor for "consume an event and write one".
const SEED = 20250610;
const WORKERS = 10_000;
const ORDER_SEED = 7;
const WARM_UP_SEED = 8;
/** Orders dispatched (and, in the reference, appended) before the clock starts: group joins, JIT. */
const WARM_UP = 20;
/** Kafka refuses a produce request over ~1 MB per partition: worker events go in chunks. */
const WORKER_EVENTS_PER_SEND = 2000;
const ORDERS_PER_SEND = 250;
const PROGRESS_EVERY_MS = 5000;
/** Without one more order decided in this long, the run has stalled: fail rather than wait. */
const STALL_MS = 60_000;
const ID_NAMESPACE = '0b6c1f3e-2d4a-4e8b-9c7d-5a1e3f2b4c6d';
const WEEK_MS = 7 * 86_400_000;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outgoing = { context: 'workforce' | 'orders'; streamId: string; type: string; data: unknown };

export async function placementsBench(
  log: (line: string) => void,
): Promise<{ placements_per_s: number; [key: string]: number }> {
  const count = Number(process.env.BENCH_PLACEMENTS_ORDERS ?? 2000);
  const env = loadPlatformEnv();
  const storage = `bench_placements_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `${storage}.`;
  const referenceSchema = `${storage}_ref`;
  const topics = {
    orders: `${prefix}${eventsTopic('orders')}`,
    workforce: `${prefix}${eventsTopic('workforce')}`,
  };
  const kafka = createKafka(env.KAFKA_BROKERS, 'bench-placements');
  const pool = createPool(env.PG_URL, 2);
  const catalog = new EventCatalog(allEvents);

  const city = generateCity(WORKERS, SEED);
  // The generated week lies in the past; moved whole weeks ahead (weekdays kept), its orders are
  // upcoming, so no SLA falls due during the run.
  const shiftMs = Math.ceil((Date.now() - Date.parse(`${city.firstDay}T00:00:00+08:00`)) / WEEK_MS) * WEEK_MS;
  const orders = generateOrders(city, count, ORDER_SEED);
  const warmUp = generateOrders(city, WARM_UP, WARM_UP_SEED);
  const stations = new Map(city.workers.map((w) => [w.workerId, w.stationId]));
  const workerEvents = [
    autoDispatchOn(city.branchId),
    ...city.workers.flatMap((w) => workerLife(w, shiftMs)),
    ...[...warmUp, ...orders].flatMap((o) => regularWorkerOf(o, stations)),
  ];
  log(
    `${storage}: ${city.workers.length} workers (${workerEvents.length} workforce events), ` +
      `${count} orders in the week of ${shiftDay(city.firstDay, shiftMs)}, ${WARM_UP} more to warm up`,
  );

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const savedPrefix = process.env.KAFKA_TOPIC_PREFIX;
  let app: INestApplication | undefined;
  try {
    // Every message is checked against the contract first: one the service would park on the dead
    // letter topic would only show up here as a stall.
    const workforceMessages = workerEvents.map((e) => message(catalog, e));
    const orderMessages = orders.map((o) => message(catalog, orderPlaced(o, shiftMs)));
    const warmUpMessages = warmUp.map((o) => message(catalog, orderPlaced(o, shiftMs)));

    // 1. The service, as the harness starts it: its own schema and topic prefix, no chat webhook.
    process.env.KAFKA_TOPIC_PREFIX = prefix;
    const dispatchEnv = loadDispatchEnv({
      ...process.env,
      DISPATCH_STORAGE: storage,
      CHATBOT_WEBHOOK_URL: '',
      CHATBOT_SECRET: '',
      DEMO_WORKERS_ANSWER: 'false',
      DISPATCH_ROLES: 'api,worker',
    });
    let started = performance.now();
    app = await createDispatchApp(dispatchEnv);
    await app.listen(0, '127.0.0.1');
    log(`dispatch started in ${round((performance.now() - started) / 1000)} s`);

    // 2. The city, as workforce publishes it; then wait until the view and the reactions have read it.
    started = performance.now();
    await send(producer, topics.workforce, workforceMessages, WORKER_EVENTS_PER_SEND);
    log(
      `published ${workforceMessages.length} workforce events in ${round((performance.now() - started) / 1000)} s`,
    );
    const world = app.get(WorldFeed).world;
    const features = app.get(FeatureSettings);
    const active = city.workers.filter((w) => w.status === 'active').length;
    await waitFor(
      log,
      'the view and the reactions consumer to read the workforce events',
      async () => {
        const lag = await groupLag(kafka, `${prefix}dispatch-reactions`, topics.workforce);
        const dispatchable = world.workers.all().filter((w) => w.status === 'active').length;
        return {
          done:
            lag === 0 &&
            world.workers.size === city.workers.length &&
            features.isEnabled(city.branchId, 'home_cleaning', 'auto_dispatch'),
          progress: `${world.workers.size}/${city.workers.length} workers in the view (${dispatchable}/${active} active), reactions ${lag} events behind`,
        };
      },
      180_000,
    );
    log(`city loaded in ${round((performance.now() - started) / 1000)} s`);

    await send(producer, topics.orders, warmUpMessages, ORDERS_PER_SEND);
    await waitFor(
      log,
      'the warm-up orders to be dispatched',
      async () => {
        const left = warmUp.filter((o) => !decidedIn(world, o.orderId)).length;
        return { done: left === 0, progress: `${WARM_UP - left}/${WARM_UP} warm-up orders decided` };
      },
      60_000,
    );

    // 3. The orders, as fast as they can be published; decided = no longer waiting in the view, which
    // the service updates right after appending DispatchDecided + OfferMade (or DispatchFailed).
    const publishedAt = new Map<string, number>();
    const pending = new Set(orders.map((o) => o.orderId));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const publishing = send(producer, topics.orders, orderMessages, ORDERS_PER_SEND, (batch) => {
      const at = Date.now();
      for (const m of batch) publishedAt.set(keyOrderId(m), at);
    });
    const elapsed = await decidedAll(log, 'dispatch', t0, pending, (orderId) => decidedIn(world, orderId));
    await publishing;
    const cpu = process.cpuUsage(cpu0);
    const cpuMsPerOrder = (cpu.user + cpu.system) / 1000 / count;
    const placementsPerS = count / elapsed;
    const offered = orders.filter((o) => world.order(o.orderId)?.dispatch.status === 'offering').length;
    const latencies = await decisionLatencies(pool, storage, publishedAt);
    log(
      `dispatch: ${count} orders decided in ${round(elapsed, 2)} s = ${round(placementsPerS)} placements/s ` +
        `(${offered} offered, ${count - offered} failed); publish → DispatchDecided p50 ${round(percentile(latencies, 50))} ms, ` +
        `p99 ${round(percentile(latencies, 99))} ms (${latencies.length} decisions; a burst: it includes the wait behind earlier orders)`,
    );
    // This process is the service (and the publisher): its CPU per order says whether it waited or worked.
    log(
      `  this process used ${round(cpuMsPerOrder)} ms of CPU per order, ` +
        `${round((cpu.user + cpu.system) / 10_000 / elapsed)}% of one core over the run`,
    );
    await app.close();
    app = undefined;

    // 4. The reference: the same orders through the same topic into a bare consumer that writes one
    // event each. It reads the topic from the start but skips what the service's run left there.
    const refPool = createPool(env.PG_URL, env.PG_POOL_SIZE);
    let reference: EventConsumer | undefined;
    try {
      const store = await PostgresEventStore.create(refPool, referenceSchema);
      const skipBelow = await topicEnds(kafka, topics.orders);
      const catchUp = new CatchUp();
      const appendedAt = new Map<string, number>();
      reference = new EventConsumer({
        kafka,
        groupId: `${prefix}placements-reference`,
        topics: [topics.orders],
        catalog,
        fromBeginning: true,
        sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
        // As the service's reactions consumer.
        partitionsConcurrently: 4,
        handle: async (event, position) => {
          if (Number(position.offset) < (skipBelow.get(position.partition) ?? 0)) return;
          if (event.type !== 'OrderPlaced') return;
          await appendOne(store, event);
          appendedAt.set((event.data as { orderId: string }).orderId, Date.now());
        },
        progress: (position) => catchUp.advance(position),
      });
      await reference.start();
      await catchUp.takeStartupEnds(kafka, [topics.orders]);
      await catchUp.ready(120_000, 'the reference consumer');
      const refWarmUp = warmUp.map((o) => message(catalog, orderPlaced(o, shiftMs)));
      await send(producer, topics.orders, refWarmUp, ORDERS_PER_SEND);
      await waitFor(
        log,
        'the reference to append the warm-up orders',
        async () => {
          const left = warmUp.filter((o) => !appendedAt.has(o.orderId)).length;
          return { done: left === 0, progress: `${WARM_UP - left}/${WARM_UP} warm-up orders appended` };
        },
        60_000,
      );
      // Published anew (new event ids), exactly as in the dispatch run.
      const refMessages = orders.map((o) => message(catalog, orderPlaced(o, shiftMs)));
      const refPublishedAt = new Map<string, number>();
      const refPending = new Set(orders.map((o) => o.orderId));
      const r0 = performance.now();
      const refPublishing = send(producer, topics.orders, refMessages, ORDERS_PER_SEND, (batch) => {
        const at = Date.now();
        for (const m of batch) refPublishedAt.set(keyOrderId(m), at);
      });
      const refElapsed = await decidedAll(log, 'reference', r0, refPending, (orderId) =>
        appendedAt.has(orderId),
      );
      await refPublishing;
      const referencePerS = count / refElapsed;
      const refLatencies = orders.map((o) => appendedAt.get(o.orderId)! - refPublishedAt.get(o.orderId)!);
      log(
        `reference: ${count} orders consumed and one event appended each in ${round(refElapsed, 2)} s = ` +
          `${round(referencePerS)}/s; publish → append p50 ${round(percentile(refLatencies, 50))} ms, p99 ${round(percentile(refLatencies, 99))} ms`,
      );
      const ratio = placementsPerS / referencePerS;
      log(
        `placements/s ${round(placementsPerS)} vs reference ${round(referencePerS)}: ${round(100 * ratio)}% of the platform's floor`,
      );
      return {
        placements_per_s: round(placementsPerS),
        placements_orders: count,
        placements_offered: offered,
        placements_seconds: round(elapsed, 2),
        placements_cpu_ms_per_order: round(cpuMsPerOrder),
        placements_decided_p50_ms: round(percentile(latencies, 50)),
        placements_decided_p99_ms: round(percentile(latencies, 99)),
        placements_reference_per_s: round(referencePerS),
        placements_reference_p50_ms: round(percentile(refLatencies, 50)),
        placements_reference_p99_ms: round(percentile(refLatencies, 99)),
        placements_ratio: round(ratio, 3),
      };
    } finally {
      await reference?.stop().catch(() => undefined);
      await refPool.end().catch(() => undefined);
    }
  } finally {
    await app?.close().catch(() => undefined);
    // The runner goes on to other parts in this process.
    if (savedPrefix === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
    else process.env.KAFKA_TOPIC_PREFIX = savedPrefix;
    await producer.disconnect().catch(() => undefined);
    for (const schema of [storage, referenceSchema])
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    await pool.end().catch(() => undefined);
    await dropKafkaLeftovers(kafka, prefix, log);
  }
}

/** Waits until every pending order passes `decided`, logging progress; returns the seconds since t0. */
async function decidedAll(
  log: (line: string) => void,
  side: string,
  t0: number,
  pending: Set<string>,
  decided: (orderId: string) => boolean,
): Promise<number> {
  const total = pending.size;
  let lastProgress = performance.now();
  let lastLog = t0;
  for (;;) {
    const before = pending.size;
    for (const orderId of pending) if (decided(orderId)) pending.delete(orderId);
    const now = performance.now();
    if (pending.size === 0) return (now - t0) / 1000;
    if (pending.size < before) lastProgress = now;
    if (now - lastProgress > STALL_MS)
      throw new Error(`${side}: stalled at ${total - pending.size}/${total} orders for ${STALL_MS / 1000} s`);
    if (now - lastLog >= PROGRESS_EVERY_MS) {
      lastLog = now;
      const done = total - pending.size;
      log(
        `  ${side}: ${done}/${total} orders after ${round((now - t0) / 1000)} s (${round(done / ((now - t0) / 1000))}/s)`,
      );
    }
    await sleep(50);
  }
}

async function waitFor(
  log: (line: string) => void,
  what: string,
  check: () => Promise<{ done: boolean; progress: string }>,
  timeoutMs: number,
): Promise<void> {
  const started = performance.now();
  let lastLog = started;
  for (;;) {
    const { done, progress } = await check();
    if (done) return;
    const now = performance.now();
    if (now - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}: ${progress}`);
    if (now - lastLog >= PROGRESS_EVERY_MS) {
      lastLog = now;
      log(`  waiting for ${what}: ${progress}`);
    }
    await sleep(200);
  }
}

/** Publishes in order, one request at a time, so each stream's events stay in order on its partition. */
async function send(
  producer: Producer,
  topic: string,
  messages: Message[],
  perSend: number,
  sending?: (batch: Message[]) => void,
): Promise<void> {
  for (let i = 0; i < messages.length; i += perSend) {
    const batch = messages.slice(i, i + perSend);
    sending?.(batch);
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batch }] });
  }
}

/** An event as another context's forwarder publishes it, keyed by stream, checked against the contract. */
function message(catalog: EventCatalog, e: Outgoing): Message {
  const now = new Date().toISOString();
  const envelope: EventEnvelope = {
    eventId: randomUUID(),
    type: e.type,
    schemaVersion: 1,
    streamId: e.streamId,
    streamPosition: 0,
    occurredAt: now,
    recordedAt: now,
    correlationId: randomUUID(),
    causationId: null,
    actor: { kind: 'system', id: `${e.context}-bench` },
    data: e.data,
  };
  catalog.read(envelope);
  return { key: e.streamId, value: JSON.stringify(envelope) };
}

/** The service has decided on the order: offered it to someone (or found no one). */
function decidedIn(world: DispatchWorld, orderId: string): boolean {
  const status = world.order(orderId)?.dispatch.status;
  return status !== undefined && status !== 'waiting';
}

const keyOrderId = (m: Message) => String(m.key).slice('order-'.length);

/** How many messages of `topic` the group has yet to commit (everything, before it first commits). */
async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.reduce((lag, end) => {
      const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      return lag + Math.max(0, Number(end.high) - Math.max(at, Number(end.low)));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** The next offset of each partition: what the reference consumer finds there already is not its. */
async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** The reference's whole handling of an order: one event on the order's assignment stream. */
async function appendOne(store: PostgresEventStore, event: EventEnvelope): Promise<void> {
  const { orderId } = event.data as { orderId: string };
  try {
    await store.appendToStream(
      `assignment-${orderId}`,
      [
        {
          eventId: uuidv5(event.eventId, ID_NAMESPACE),
          type: 'OrderReceived',
          schemaVersion: 1,
          data: { orderId },
          occurredAt: new Date().toISOString(),
          correlationId: event.correlationId,
          causationId: event.eventId,
          actor: { kind: 'system', id: 'placements-reference' },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
  } catch (error) {
    // Redelivered after a rebalance: already written.
    if (!(error instanceof DuplicateEvent)) throw error;
  }
}

/** Publish → DispatchDecided's recorded time (the database's clock, the same machine's), per order. */
async function decisionLatencies(pool: Pool, storage: string, publishedAt: Map<string, number>) {
  const { rows } = await pool.query<{ stream_id: string; recorded_at: Date }>(
    `SELECT stream_id, recorded_at FROM ${quoteIdent(storage)}.events WHERE type = 'DispatchDecided'`,
  );
  return rows.flatMap((row) => {
    const published = publishedAt.get(row.stream_id.slice('assignment-'.length));
    return published === undefined ? [] : [row.recorded_at.getTime() - published];
  });
}

/** Deletes the run's topics and groups; what it cannot delete is said, not thrown: the figures stand. */
async function dropKafkaLeftovers(kafka: Kafka, prefix: string, log: (line: string) => void): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    // A loaded broker can take longer than the default 5 s to delete a handful of topics.
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } catch (error) {
    log(`could not delete every Kafka topic and group of ${prefix}* (delete them by hand): ${String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const shiftDay = (day: string, shiftMs: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + shiftMs).toISOString().slice(0, 10);
const shiftInstant = (instant: Date | string, shiftMs: number) =>
  new Date(new Date(instant).getTime() + shiftMs).toISOString();

/** Years of experience that give the generated skill level back (dispatch derives one from the other). */
const EXPERIENCE_FOR_SKILL = [0, 0, 1, 3, 6, 10];

/**
 * A generated worker's life as workforce publishes it. Job types become the worker's routing
 * groups; a worker in none (the home cleaners) gets 'housekeeping', which no routing rule names.
 * The generated booked jobs are not replayed: in the service they would be orders and offers.
 */
function workerLife(w: WorkerView, shiftMs: number): Outgoing[] {
  const streamId = `worker-${w.workerId}`;
  const event = (type: string, data: Record<string, unknown>): Outgoing => ({
    context: 'workforce',
    streamId,
    type,
    data: { workerId: w.workerId, ...data },
  });
  const life = [
    event('WorkerApplied', {
      profileId: uuidv5(`profile:${w.workerId}`, ID_NAMESPACE),
      branchId: w.branchId,
      stationId: w.stationId,
      jobTypes: w.groups.length > 0 ? w.groups : ['housekeeping'],
      languages: ['zh'],
      experienceYears: EXPERIENCE_FOR_SKILL[w.skillLevel] ?? 3,
      homeLocation: w.homeLocation,
      serviceAreas: w.serviceAreas,
    }),
  ];
  if (w.status !== 'applicant') life.push(event('WorkerActivated', { employedSince: '2024-01-01' }));
  life.push(event('WorkingHoursSet', { weekly: w.weeklyHours }));
  if (w.status !== 'applicant')
    life.push(...w.eligibleItems.map((itemCode) => event('WorkerBecameEligible', { itemCode })));
  for (const leave of w.leaves)
    life.push(
      event('LeaveRecorded', {
        leaveId: uuidv5(`leave:${w.workerId}:${leave.from}`, ID_NAMESPACE),
        kind: 'annual',
        from: shiftDay(leave.from, shiftMs),
        to: shiftDay(leave.to, shiftMs),
      }),
    );
  if (w.status === 'suspended') life.push(event('WorkerSuspended', { reason: 'complaint under review' }));
  if (w.status === 'left') life.push(event('WorkerLeft', { reason: 'moved away' }));
  return life;
}

const autoDispatchOn = (branchId: string): Outgoing => ({
  context: 'workforce',
  streamId: `branch-${branchId}`,
  type: 'FeatureSwitched',
  data: {
    branchId,
    businessUnit: 'all',
    feature: 'auto_dispatch',
    enabled: true,
    reason: 'placements bench',
  },
});

/** The customer's regular worker, as workforce records it, for the orders that have one. */
function regularWorkerOf(o: OrderToDispatch, stations: Map<string, string>): Outgoing[] {
  if (!o.regularWorkerId) return [];
  return [
    {
      context: 'workforce',
      streamId: `regular-worker-${o.customerId}-${o.itemCode}`,
      type: 'RegularWorkerNamed',
      data: {
        customerId: o.customerId,
        itemCode: o.itemCode,
        workerId: o.regularWorkerId,
        stationId: stations.get(o.regularWorkerId) ?? 'unknown',
      },
    },
  ];
}

const CATEGORY: Record<string, string> = {
  'HC-DAILY-2H': 'daily_cleaning',
  'HC-DAILY-4H': 'daily_cleaning',
  'HC-DEEP': 'deep_cleaning',
  'HC-APPLIANCE': 'appliance_cleaning',
  'HC-COOK': 'cooking',
  'HC-ORGANISE': 'organising',
  'HC-PET': 'pet_home_cleaning',
  'HC-DISINFECT': 'disinfection',
};

/** A generated order as the orders service publishes it, in the generated week moved ahead. */
function orderPlaced(o: OrderToDispatch, shiftMs: number): Outgoing {
  return {
    context: 'orders',
    streamId: `order-${o.orderId}`,
    type: 'OrderPlaced',
    data: {
      orderId: o.orderId,
      channel: 'app',
      channelOrderId: null,
      branchId: o.branchId,
      customerId: o.customerId,
      contactId: uuidv5(`contact:${o.customerId}`, ID_NAMESPACE),
      address: { city: 'shanghai', district: o.district, location: o.location },
      item: {
        code: o.itemCode,
        name: { zh: o.itemCode, en: o.itemCode },
        // Orders know two lines; dispatch reads every line but after-sales as home cleaning.
        line: o.businessUnit === 'after_sales' ? 'after_sales' : 'home_services',
        category: CATEGORY[o.itemCode] ?? (o.itemCode.endsWith('REPAIR') ? 'repair' : 'installation'),
        qualification: o.itemCode,
        expectedMinutes: o.expectedMinutes,
        basePrice: { amountMinor: 15000, currency: 'CNY' },
        checklist: [{ key: 'done', area: 'home', criterion: 'the job done to the standard' }],
      },
      appointment: { start: shiftInstant(o.window.start, shiftMs), end: shiftInstant(o.window.end, shiftMs) },
      notes: '',
      attachments: [],
      product: o.productCategory
        ? { category: o.productCategory, model: 'bench', purchaseDate: '2024-01-01', fault: 'bench order' }
        : null,
      packageId: null,
    },
  };
}
