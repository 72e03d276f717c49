import type { INestApplication } from '@nestjs/common';
import type { BusinessUnit, Feature } from '@platform/contracts';
import { eventually, publishEvents, uniqueName, type ForeignEvent } from '@platform/eventing/testing';
import { FeatureSettings } from '@platform/service-kit';
import { graphqlClient, tokenIssuer } from '@platform/service-kit/testing';
import { randomUUID } from 'node:crypto';
import { loadDispatchEnv } from '../src/dispatch.config';
import { createDispatchApp } from '../src/main';
import { WorldFeed } from '../src/world/world-feed';

export { dataOf, errorOf } from '@platform/service-kit/testing';

/**
 * The dispatch service in-process on a random port, against the real servers, isolated by its own
 * PostgreSQL schema and Kafka topic prefix. Orders and workforce are met through their contract
 * events on the real broker (`publish`), as their forwarders would send them.
 */
export async function startDispatch(env: Record<string, string> = {}, options: { storage?: string } = {}) {
  const storage = options.storage ?? uniqueName('dispatch');
  // Its own topics, unless the test runs it beside another service (env.KAFKA_TOPIC_PREFIX).
  Object.assign(process.env, { KAFKA_TOPIC_PREFIX: `${storage}.`, FORWARDER_IDLE_MS: '5' }, env);
  const prefix = process.env.KAFKA_TOPIC_PREFIX!;
  const dispatchEnv = loadDispatchEnv({
    ...process.env,
    DISPATCH_STORAGE: storage,
    TIMER_POLL_MS: '50',
    ...env,
  });
  const app: INestApplication = await createDispatchApp(dispatchEnv);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const world = app.get(WorldFeed).world;
  const features = app.get(FeatureSettings);
  /** Whether this instance has taken in a worker's eligibility or a feature switch (other events: true). */
  const takenIn = ({ type, data }: ForeignEvent) => {
    const d = data as Record<string, string> & { enabled: boolean };
    if (type === 'JobRated') return world.workers.get(d.workerId!)?.rating != null;
    if (type === 'WorkerBecameEligible')
      return !!world.workers.get(d.workerId!)?.eligibleItems.includes(d.itemCode!);
    if (type !== 'FeatureSwitched') return true;
    const unit = (d.businessUnit === 'all' ? 'home_cleaning' : d.businessUnit) as BusinessUnit;
    const setting = features.setting(d.branchId!, unit, d.feature as Feature);
    return setting.source !== 'default' && setting.enabled === d.enabled;
  };
  return {
    app,
    url,
    storage,
    prefix,
    token: tokenIssuer(),
    graphql: graphqlClient(url),
    /**
     * Publishes, and returns once the workers' eligibility and the feature switches among the events
     * are in this instance's view and settings: each reads workforce's topic in a consumer group of its
     * own, so without this an order published next could be decided before they arrive (on another
     * topic, with no order between them) and be queued or failed for want of a worker.
     */
    publish: async (...events: ForeignEvent[]) => {
      const envelopes = await publishEvents(prefix, events);
      await eventually('the published workers and feature switches in dispatch’s view', async () =>
        events.every(takenIn),
      );
      return envelopes;
    },
    close: () => app.close(),
  };
}
export type DispatchUnderTest = Awaited<ReturnType<typeof startDispatch>>;

/** Tomorrow (or `daysAhead`) in China Standard Time, `YYYY-MM-DD`, and its ISO weekday. */
export function cstDayAhead(daysAhead = 1) {
  const day = new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return { day, weekday };
}

export const XUHUI = { lat: 31.1885, lng: 121.4365 };

/** A worker's life up to being dispatchable for the given items, as workforce would publish it. */
export function activeWorker(
  workerId: string,
  options: {
    branchId?: string;
    stationId?: string;
    items?: string[];
    home?: { lat: number; lng: number };
    areas?: string[];
    jobTypes?: string[];
    experienceYears?: number;
  } = {},
): ForeignEvent[] {
  const streamId = `worker-${workerId}`;
  const items = options.items ?? ['HC-DAILY-3H'];
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '07:00', to: '21:00' }));
  return [
    {
      context: 'workforce',
      streamId,
      type: 'WorkerApplied',
      data: {
        workerId,
        profileId: randomUUID(),
        branchId: options.branchId ?? 'shanghai',
        stationId: options.stationId ?? 'sh-xuhui',
        jobTypes: options.jobTypes ?? ['housekeeping'],
        languages: ['zh'],
        experienceYears: options.experienceYears ?? 3,
        homeLocation: options.home ?? XUHUI,
        serviceAreas: options.areas ?? ['xuhui'],
      },
    },
    {
      context: 'workforce',
      streamId,
      type: 'WorkerActivated',
      data: { workerId, employedSince: '2024-01-01' },
    },
    { context: 'workforce', streamId, type: 'WorkingHoursSet', data: { workerId, weekly } },
    ...items.map((itemCode) => ({
      context: 'workforce',
      streamId,
      type: 'WorkerBecameEligible',
      data: { workerId, itemCode },
    })),
  ];
}

/** A customer's stars for a job, as feedback will publish them. */
export const jobRated = (orderId: string, workerId: string, stars: number): ForeignEvent => ({
  context: 'feedback',
  streamId: `rating-${orderId}`,
  type: 'JobRated',
  data: { orderId, workerId, stars },
});

export const autoDispatchOn = (branchId = 'shanghai', enabled = true): ForeignEvent => ({
  context: 'workforce',
  streamId: `branch-${branchId}`,
  type: 'FeatureSwitched',
  data: { branchId, businessUnit: 'all', feature: 'auto_dispatch', enabled, reason: 'dispatch tests' },
});

/** An order as the orders service publishes it, in Xuhui at `startHour` CST on `day`. */
export function orderPlaced(
  orderId: string,
  day: string,
  startHour: number,
  options: {
    itemCode?: string;
    customerId?: string;
    location?: { lat: number; lng: number };
    branchId?: string;
    /** An exact window instead of `startHour` for three hours. */
    window?: { start: string; end: string };
  } = {},
): ForeignEvent {
  const hh = String(startHour).padStart(2, '0');
  const end = String(startHour + 3).padStart(2, '0');
  const appointment = options.window ?? {
    start: `${day}T${hh}:00:00+08:00`,
    end: `${day}T${end}:00:00+08:00`,
  };
  return {
    context: 'orders',
    streamId: `order-${orderId}`,
    type: 'OrderPlaced',
    data: {
      orderId,
      channel: 'app',
      channelOrderId: null,
      branchId: options.branchId ?? 'shanghai',
      customerId: options.customerId ?? 'c-1',
      contactId: randomUUID(),
      address: {
        city: 'shanghai',
        district: 'xuhui',
        location: options.location ?? { lat: 31.19, lng: 121.44 },
      },
      item: {
        code: options.itemCode ?? 'HC-DAILY-3H',
        name: { zh: '日常保洁3小时', en: 'Daily cleaning 3 h' },
        line: 'home_services',
        category: 'daily_cleaning',
        qualification: 'housekeeping',
        expectedMinutes: 180,
        basePrice: { amountMinor: 15000, currency: 'CNY' },
        checklist: [{ key: 'kitchen', area: 'kitchen', criterion: 'surfaces wiped' }],
      },
      appointment,
      notes: '',
      attachments: [],
      product: null,
      packageId: null,
    },
  };
}
