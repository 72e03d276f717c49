import type { INestApplication } from '@nestjs/common';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@platform/auth';
import { publishEvents, uniqueName } from '@platform/eventing/testing';
import { graphqlClient, tokenIssuer, type Json } from '@platform/service-kit/testing';
import { randomUUID } from 'node:crypto';
import { DemoData } from '../src/demo/demo-data';
import { samples } from '../src/files/file-samples';
import { createOrdersApp } from '../src/main';
import { loadOrdersEnv } from '../src/orders.config';
import { channelSettings } from '../src/partner-webhooks/channel-profiles';

export { dataOf, errorOf, type ErrorView, type GraphQLResponse } from '@platform/service-kit/testing';

/**
 * The orders service in-process on a random port, against the real servers, isolated by its own
 * PostgreSQL schema, MongoDB database and Kafka topic prefix, with the seed catalogue published.
 * Pass the `storage` of an instance that was closed to start it again on the same data and topics.
 */
export async function startOrders(env: Record<string, string> = {}, options: { storage?: string } = {}) {
  const storage = options.storage ?? uniqueName('orders');
  // The platform's variables are read from process.env by EventingModule; partner settings too.
  Object.assign(process.env, { KAFKA_TOPIC_PREFIX: `${storage}.`, FORWARDER_IDLE_MS: '5' }, env);
  const app: INestApplication = await createOrdersApp(
    loadOrdersEnv({
      ...process.env,
      ORDERS_STORAGE: storage,
      TIMER_POLL_MS: '50',
      // Specs assert what a mutation answers; on a loaded CI machine the read model may take longer.
      ANSWER_WAIT_MS: '15000',
      ...env,
    }),
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await app.get(DemoData).seedCatalogue();
  const token = tokenIssuer();
  const graphql = graphqlClient(url);

  /** Sends a partner webhook signed as the partner would (or as a test wants to tamper with it). */
  async function webhook(
    channel: string,
    body: unknown,
    options: { timestamp?: number; secret?: string; signature?: string; raw?: string } = {},
  ) {
    const raw = options.raw ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature =
      options.signature ?? sign(options.secret ?? channelSettings(channel).secret, timestamp, raw);
    const response = await fetch(`${url}/webhooks/orders/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signature,
      },
      body: raw,
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, Json>,
      signature,
      timestamp,
      raw,
    };
  }

  /** Uploads a small real PNG, unique per call, as a worker's app would; returns its file id. */
  async function upload(authToken: string, kind: 'photo' | 'signature' | 'fault_picture' = 'photo') {
    const bytes = Buffer.concat([samples['image/png'], Buffer.from(randomUUID())]);
    const response = await fetch(`${url}/files?kind=${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${authToken}` },
      body: bytes,
    });
    const body = (await response.json()) as { fileId?: string };
    if (response.status !== 201 || !body.fileId)
      throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
    return body.fileId;
  }

  return { app, url, storage, token, graphql, webhook, upload, close: () => app.close() };
}

export type OrdersUnderTest = Awaited<ReturnType<typeof startOrders>>;

/** A future appointment window on a given day offset, in Shanghai time. */
export function shanghaiWindow(daysAhead: number, from = '09:00', to = '12:00', now = new Date()) {
  const day = new Date(now.getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  return { start: `${day}T${from}:00+08:00`, end: `${day}T${to}:00+08:00`, date: day };
}

/** A Tmall order as the channel posts it, for an appointment two days ahead; `overrides` replaces fields. */
export function tmallOrder(overrides: Record<string, unknown> = {}) {
  const window = shanghaiWindow(2);
  return {
    tid: `TM-${randomUUID().slice(0, 8)}`,
    buyerNick: 'tb_lin_88',
    receiverName: '林晓',
    receiverMobile: '13722223333',
    receiverCity: 'shanghai',
    receiverDistrict: '静安区',
    receiverAddress: '南京西路 1266 号 2301',
    latitude: 31.2286,
    longitude: 121.4521,
    outerSkuId: 'HC-DAILY-3H',
    serviceStart: window.start,
    serviceEnd: window.end,
    ...overrides,
  };
}

/** Publishes an event as another context's forwarder would (dispatch, workforce). */
export async function publishForeignEvent(
  topicPrefix: string,
  context: string,
  streamId: string,
  type: string,
  data: unknown,
  streamPosition = 0,
  schemaVersion = 1,
) {
  const [envelope] = await publishEvents(topicPrefix, [
    { context, streamId, type, data, streamPosition, schemaVersion },
  ]);
  return envelope!;
}
