import { sign } from '@platform/auth';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { shanghaiWindow, startOrders, type OrdersUnderTest } from '../../test/orders-harness';
import { channelSettings } from './channel-profiles';

const root = join(__dirname, '../../../..');
const guide = readFileSync(join(root, 'docs/partner-integration.md'), 'utf8');
const examplesDir = join(root, 'docs/examples/partner-webhooks');
const channels = ['douyin_live', 'tmall', 'brand_aftersales'] as const;

/**
 * A guide example as sent: verbatim, but with an order number of its own and the visit moved from
 * the example's day to one two days ahead (a fixed date in the guide would pass).
 */
function example(channel: (typeof channels)[number]) {
  const orderNumber = `${channel.slice(0, 2).toUpperCase()}-${randomUUID().slice(0, 8)}`;
  const raw = readFileSync(join(examplesDir, `${channel}.json`), 'utf8')
    .replace(/[A-Z]{2}-20310618-0001/, orderNumber)
    .replaceAll('2031-06-18', shanghaiWindow(2).date);
  return { raw, orderNumber, body: JSON.parse(raw) as Record<string, unknown> };
}

/** A change a partner might make to an order it sent: one field per channel, as the guide names it. */
const change: Record<(typeof channels)[number], [string, (body: Record<string, unknown>) => void]> = {
  douyin_live: ['remark', (b) => (b.remark = '请先打电话')],
  tmall: ['receiverAddress', (b) => (b.receiverAddress = '南京西路 1266 号 2302')],
  brand_aftersales: ['product.fault', (b) => ((b.product as { fault: string }).fault = '门锁没电')],
};

describe('the partner integration guide, run against a real orders service', () => {
  let orders: OrdersUnderTest;
  const seen = new Set<number>();
  const send = async (...args: Parameters<OrdersUnderTest['webhook']>) => {
    const answer = await orders.webhook(...args);
    seen.add(answer.status);
    return answer;
  };
  beforeAll(async () => {
    orders = await startOrders();
  });
  afterAll(() => orders?.close());

  it.each(channels)(
    '%s: the example is accepted, a resend is 200, a replay and a changed resend are 409',
    async (channel) => {
      const { raw, body } = example(channel);
      const first = await send(channel, undefined, { raw });
      expect(first.status).toBe(201);
      const resend = await send(channel, undefined, { raw, timestamp: first.timestamp + 1 });
      expect([resend.status, resend.body]).toEqual([200, { orderId: first.body.orderId, duplicate: true }]);
      const replay = await send(channel, undefined, {
        raw,
        timestamp: first.timestamp,
        signature: first.signature,
      });
      expect(replay.status).toBe(409);
      const [field, edit] = change[channel];
      edit(body);
      const changed = await send(channel, body, { timestamp: first.timestamp + 2 });
      expect(changed.status).toBe(409);
      expect(changed.body.problems).toEqual([{ field, reason: 'differs from the order as first received' }]);
    },
  );

  it('refuses as the table says: 404, 413, 401, 400, 422', async () => {
    const { raw, body } = example('tmall');
    expect((await send('jd_home', undefined, { raw })).status).toBe(404);
    expect((await send('tmall', { ...body, buyerMessage: 'x'.repeat(65 * 1024) })).status).toBe(413);
    expect((await send('tmall', undefined, { raw, secret: 'not-the-secret' })).status).toBe(401);
    expect(
      (await send('tmall', undefined, { raw, timestamp: Math.floor(Date.now() / 1000) - 301 })).status,
    ).toBe(401);
    expect((await send('tmall', undefined, { raw: raw.slice(0, -2) })).status).toBe(400);
    const bad = await send('tmall', { ...body, receiverMobile: 'call me' });
    expect([bad.status, bad.body.problems]).toEqual([
      422,
      [{ field: 'receiverMobile', reason: expect.any(String) }],
    ]);
  });

  it("signs as the guide's openssl recipe does, and the server takes the recipe's request", async () => {
    const recipe = /<!-- signing-recipe -->\s*```bash\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(recipe).toBeDefined();
    const { raw } = example('douyin_live');
    const bodyFile = join(mkdtempSync(join(tmpdir(), 'partner-guide-')), 'order.json');
    writeFileSync(bodyFile, raw);
    const timestamp = Math.floor(Date.now() / 1000);
    const { stdout } = await promisify(execFile)('bash', ['-c', recipe!], {
      cwd: root,
      env: { ...process.env, ORDERS_URL: orders.url, BODY_FILE: bodyFile, TS: String(timestamp) },
    });
    const lines = stdout.trim().split('\n');
    const [signature, status] = [lines[0], lines.at(-1)];
    expect(signature).toBe(sign(channelSettings('douyin_live').secret, timestamp, raw));
    expect(status).toBe('201');
    seen.add(Number(status));
  });

  it('has met every status code the guide lists that a request can bring about', () => {
    const listed = [...guide.matchAll(/^\| (\d{3}) +\|/gm)].map((m) => Number(m[1]));
    // 500 is our failure, not something a partner's request can choose; the others it can.
    expect([...seen].sort()).toEqual(listed.filter((status) => status !== 500).sort());
  });
});
