import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, issueToken, loadTokenConfig } from '@platform/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadPlatformEnv } from '../../libs/eventing/src/config/config';
import { channelSettings } from '../../services/orders/src/partner-webhooks/channel-profiles';

// npm run bench:orders — the orders service and the gateway as separate processes on the real
// servers; each figure printed beside its reference (and goal), and written to bench/results/orders.json.
const PARTNERS = 20;
const BURST_ORDERS = Number(process.env.BENCH_WEBHOOK_ORDERS ?? 4000);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 15);
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 50);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const root = join(__dirname, '..', '..');
const storage = `bench_orders_${randomUUID().slice(0, 8)}`;
const ordersPort = 4301;
const gatewayPort = 4300;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function start(
  name: string,
  script: string,
  env: Record<string, string>,
  readyWhen: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 90 s:\n${output}`)), 90_000);
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (readyWhen.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

/** The chat bot: records when each order's card arrives. */
async function chatBot() {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const orderId = /订单 Order\*\*\\n([0-9a-f-]{36})/.exec(Buffer.concat(chunks).toString())?.[1];
      if (orderId && !arrivals.has(orderId)) arrivals.set(orderId, performance.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`,
    arrivals,
    close: () => server.close(),
  };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const districts = ['徐汇区', '浦东新区', '静安区', '黄浦区', '长宁区'];
function partnerOrder(i: number) {
  return JSON.stringify({
    order_id: `BENCH-${storage}-${i}`,
    buyer_id: `buyer-${i % 500}`,
    receiver: {
      name: `客户${i % 500}`,
      phone: `139${String(10_000_000 + i).slice(-8)}`,
      city: 'shanghai',
      district: districts[i % districts.length],
      detail: `测试路 ${i} 号`,
      lat: 31.2 + (i % 100) / 1000,
      lng: 121.45 + (i % 100) / 1000,
    },
    service_code: i % 3 === 0 ? 'HC-DEEP-6H' : 'HC-DAILY-3H',
    appointment: { date: day(2 + (i % 10)), start_time: '09:00', end_time: '12:00' },
    remark: 'bench',
  });
}

const secret = channelSettings('douyin_live').secret;
async function sendOrder(i: number): Promise<{ sentAt: number; ackedAt: number; orderId: string }> {
  const raw = partnerOrder(i);
  const ts = Math.floor(Date.now() / 1000);
  const sentAt = performance.now();
  const response = await fetch(`http://127.0.0.1:${ordersPort}/webhooks/orders/douyin_live`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(ts),
      [SIGNATURE_HEADER]: sign(secret, ts, raw),
    },
    body: raw,
  });
  const body = (await response.json()) as { orderId: string };
  if (response.status !== 201)
    throw new Error(`webhook answered ${response.status}: ${JSON.stringify(body)}`);
  return { sentAt, ackedAt: performance.now(), orderId: body.orderId };
}

async function concurrently<T>(workers: number, total: number, work: (i: number) => Promise<T>) {
  let next = 0;
  const results: T[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) results.push(await work(next++));
    }),
  );
  return results;
}

async function timeQueries(url: string, token: string, count: number) {
  const query = JSON.stringify({
    query:
      'query { orderBoard(filter: { status: [placed] }, page: { limit: 20 }) { total items { id status channel appointment { start } item { nameEn } } } }',
  });
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: query,
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`board query failed: ${JSON.stringify(body.errors)}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function main() {
  const env = loadPlatformEnv();
  const bot = await chatBot();
  console.log(
    `bench:orders on ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB; storage ${storage}`,
  );
  // The API and the workers (forwarder, consumers, timers) as two processes, as they would be deployed.
  const shared = {
    ORDERS_STORAGE: storage,
    KAFKA_TOPIC_PREFIX: `${storage}.`,
    CHATBOT_WEBHOOK_URL: bot.url,
    TIMER_POLL_MS: '50',
  };
  const orders = await start(
    'orders api',
    'services/orders/src/main.ts',
    { ...shared, ORDERS_PORT: String(ordersPort), ORDERS_ROLES: 'api', SEED_DEMO_DATA: 'true' },
    /subgraph on/,
  );
  const workers = await start(
    'orders workers',
    'services/orders/src/main.ts',
    { ...shared, ORDERS_PORT: String(ordersPort + 1), ORDERS_ROLES: 'worker' },
    /subgraph on/,
  );
  const gateway = await start(
    'gateway',
    'gateway/src/main.ts',
    {
      GATEWAY_PORT: String(gatewayPort),
      SUBGRAPHS: `orders=http://127.0.0.1:${ordersPort}/graphql`,
      SUPERGRAPH_POLL_MS: '1000',
    },
    /listening|ready|started/i,
  );
  const listener = new Client({ connectionString: env.PG_URL });
  await listener.connect();
  const visible = new Map<string, number>();
  listener.on('notification', (message) => {
    const change = JSON.parse(message.payload ?? '{}') as { orderId: string; type: string };
    if (change.type === 'OrderPlaced' && !visible.has(change.orderId))
      visible.set(change.orderId, performance.now());
  });
  await listener.query(`LISTEN ${storage}_live`);
  try {
    // Reference for the HTTP floor: the same 20 clients on a no-op endpoint of the same process.
    const noop = await concurrently(PARTNERS, 2000, async () => {
      const started = performance.now();
      await (await fetch(`http://127.0.0.1:${ordersPort}/healthz`)).text();
      return performance.now() - started;
    });

    console.log(`1/3 webhook intake: ${BURST_ORDERS} orders from ${PARTNERS} concurrent partners`);
    const burstStarted = performance.now();
    const burst = await concurrently(PARTNERS, BURST_ORDERS, (i) => sendOrder(i));
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const acks = burst.map((r) => r.ackedAt - r.sentAt);
    console.log(
      `    ${round(BURST_ORDERS / burstSeconds)} orders/s, acknowledgement p50 ${round(percentile(acks, 50))} ms, p99 ${round(percentile(acks, 99))} ms`,
    );

    // The burst leaves a backlog in the consumers; latencies are measured once it has drained.
    const drainDeadline = Date.now() + 180_000;
    while (
      Date.now() < drainDeadline &&
      burst.some((r) => !visible.has(r.orderId) || !bot.arrivals.has(r.orderId))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const lastVisible = Math.max(...burst.map((r) => visible.get(r.orderId) ?? Infinity));
    const lastPushed = Math.max(...burst.map((r) => bot.arrivals.get(r.orderId) ?? Infinity));
    const boardCatchUp = BURST_ORDERS / ((lastVisible - burstStarted) / 1000);
    const pushCatchUp = BURST_ORDERS / ((lastPushed - burstStarted) / 1000);
    console.log(
      `    read models and chat caught up: ${round(boardCatchUp)} and ${round(pushCatchUp)} orders/s from the burst's start`,
    );

    console.log(
      `2/3 steady ${STEADY_RATE} orders/s for ${STEADY_SECONDS} s: accepted → on the board, → in the chat`,
    );
    const steady: { ackedAt: number; orderId: string }[] = [];
    const steadyTotal = STEADY_RATE * STEADY_SECONDS;
    const pending: Promise<void>[] = [];
    const steadyStarted = performance.now();
    for (let i = 0; i < steadyTotal; i++) {
      const due = steadyStarted + (i * 1000) / STEADY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(sendOrder(BURST_ORDERS + i).then((r) => void steady.push(r)));
    }
    await Promise.all(pending);
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      steady.some((r) => !visible.has(r.orderId) || !bot.arrivals.has(r.orderId))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const boardVisible = steady.map((r) => (visible.get(r.orderId) ?? Infinity) - r.ackedAt);
    const pushed = steady.map((r) => (bot.arrivals.get(r.orderId) ?? Infinity) - r.ackedAt);
    console.log(
      `    on the board p99 ${round(percentile(boardVisible, 99))} ms, chat card p99 ${round(percentile(pushed, 99))} ms`,
    );

    console.log(`3/3 board query: ${QUERIES} through the gateway and ${QUERIES} directly on the subgraph`);
    const token = await issueToken(loadTokenConfig(), {
      sub: 'bench-dispatcher',
      role: 'dispatcher',
      branch: 'shanghai',
    });
    await timeQueries(`http://127.0.0.1:${gatewayPort}/graphql`, token, 5);
    await timeQueries(`http://127.0.0.1:${ordersPort}/graphql`, token, 5);
    const viaGateway: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < 6; round++) {
      direct.push(...(await timeQueries(`http://127.0.0.1:${ordersPort}/graphql`, token, QUERIES / 6)));
      viaGateway.push(...(await timeQueries(`http://127.0.0.1:${gatewayPort}/graphql`, token, QUERIES / 6)));
    }

    const results = {
      webhook_orders_per_s: round(BURST_ORDERS / burstSeconds),
      webhook_ack_p50_ms: round(percentile(acks, 50)),
      webhook_ack_p99_ms: round(percentile(acks, 99)),
      reference_noop_http_p99_ms: round(percentile(noop, 99)),
      board_visible_p50_ms: round(percentile(boardVisible, 50)),
      board_visible_p99_ms: round(percentile(boardVisible, 99)),
      gateway_query_p50_ms: round(percentile(viaGateway, 50)),
      gateway_query_p99_ms: round(percentile(viaGateway, 99)),
      subgraph_query_p50_ms: round(percentile(direct, 50)),
      subgraph_query_p99_ms: round(percentile(direct, 99)),
      gateway_allowed_p99_ms: round(1.5 * percentile(direct, 99) + 5),
      push_delivered_p50_ms: round(percentile(pushed, 50)),
      push_delivered_p99_ms: round(percentile(pushed, 99)),
      board_catch_up_orders_per_s: round(boardCatchUp),
      push_catch_up_orders_per_s: round(pushCatchUp),
      steady_rate_orders_per_s: STEADY_RATE,
      steady_orders: steadyTotal,
      board_visible_missing: boardVisible.filter((v) => !Number.isFinite(v)).length,
      push_missing: pushed.filter((v) => !Number.isFinite(v)).length,
    };
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log('\nfigure                                   measured      reference / goal');
    console.log(
      `webhook intake, 20 partners              ${results.webhook_orders_per_s} orders/s   goal ≥ 1000 (${verdict(results.webhook_orders_per_s >= 1000)})`,
    );
    console.log(
      `webhook acknowledgement p99              ${results.webhook_ack_p99_ms} ms      no-op HTTP p99 ${results.reference_noop_http_p99_ms} ms; goal < 50 (${verdict(results.webhook_ack_p99_ms < 50)})`,
    );
    console.log(
      `accepted → visible on the board p99      ${results.board_visible_p99_ms} ms      p50 ${results.board_visible_p50_ms} ms; goal < 100 (${verdict(results.board_visible_p99_ms < 100)})`,
    );
    console.log(
      `board query p99 via gateway              ${results.gateway_query_p99_ms} ms      subgraph ${results.subgraph_query_p99_ms} ms; allowed ${results.gateway_allowed_p99_ms} (${verdict(results.gateway_query_p99_ms <= results.gateway_allowed_p99_ms)})`,
    );
    console.log(
      `new order → chat card delivered p99      ${results.push_delivered_p99_ms} ms      p50 ${results.push_delivered_p50_ms} ms; goal < 1000 (${verdict(results.push_delivered_p99_ms < 1000)})`,
    );
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'orders.json'), JSON.stringify(results, null, 2) + '\n');
    console.log('\nwritten to bench/results/orders.json');
  } finally {
    await listener.end();
    bot.close();
    gateway.kill('SIGTERM');
    orders.kill('SIGTERM');
    workers.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
