import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DESKTOP, pageErrors, screenshot, seriousViolations } from './chromium';
import { tmallOrder } from '../../services/orders/test/orders-harness';
import { startConsolePlatform, type PlatformUnderTest } from './platform';
import { SignedInBrowser } from './sign-in';

/** The company directory as the provider knows it: who may sign in, with their role and branch. */
const directory: Record<string, { role: string; branch?: string; name: string }> = {
  'zhao.dispatcher': { role: 'dispatcher', branch: 'shanghai', name: '赵调度' },
};

/** A port nobody listens on now, for the provider, whose address the services must know first. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });

/**
 * Production sign-in, end to end: the console sends the person to the company's single sign-on (a
 * real OIDC provider, panva's oidc-provider, in its own process: oidc-provider.mjs), comes back with a code, trades it
 * with PKCE for the provider's access token, and every service accepts that token by the provider's
 * published keys. The gateway runs without the development sign-in, as in production.
 */
describe('signing in through the company single sign-on', () => {
  let platform: PlatformUnderTest;
  let provider: ChildProcess;
  let issuer: string;
  let people: SignedInBrowser;
  const before = { ...process.env };

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    // Every service reads its token settings at start-up, as a deployment sets them.
    Object.assign(process.env, { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'field-service-console' });
    platform = await startConsolePlatform({ devSignIn: false });
    provider = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_PORT: String(port),
        OIDC_REDIRECT_URI: `${platform.base}/sign-in/callback`,
        OIDC_PEOPLE: JSON.stringify(directory),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      provider.once('exit', (code) => reject(new Error(`the OIDC provider exited (${code}) before it was ready`)));
      provider.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    });
    people = await SignedInBrowser.launch(platform.base);
  }, 180_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
    provider?.kill('SIGTERM');
    for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID']) if (before[key] === undefined) delete process.env[key];
  });

  const atTheProvider = async () => {
    const context = await people.newContext(DESKTOP);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${platform.base}/inbox?status=placed`);
    await page.waitForURL(/\/sign-in\?next=/);
    // Production: the company's sign-in only, no demo people.
    await page.getByRole('button', { name: '使用公司账号登录' }).waitFor();
    expect(await page.getByRole('button', { name: /以此身份登录/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-single-sign-on');
    await page.getByRole('button', { name: '使用公司账号登录' }).click();
    await page.waitForURL((url) => url.origin === issuer);
    return { page, errors };
  };

  it("signs a dispatcher in at the provider and back to the page they asked for, with the provider's token accepted by every service", async () => {
    const { page, errors } = await atTheProvider();
    await page.locator('input[name="login"]').fill('zhao.dispatcher');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The provider asks once whether the console may act for this person.
    await page.getByRole('button', { name: /continue/i }).click();

    await page.waitForURL(`${platform.base}/inbox?status=placed`, { timeout: 20_000 });
    await page.getByRole('heading', { name: /订单收件箱/ }).waitFor();
    await page.getByText('赵调度 · 调度员 · shanghai').waitFor();
    // The inbox answers through the gateway and the orders subgraph on the provider's token, and its
    // live feed (graphql-ws, on the same token) brings a new partner order in.
    const sent = await platform.orders.webhook('tmall', tmallOrder());
    expect(sent.status).toBe(201);
    await page.locator(`tr[data-order-id="${String(sent.body.orderId)}"]`).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says in words when the person turns the sign-in down, and offers to start again', async () => {
    const { page } = await atTheProvider();
    await page.getByRole('link', { name: /cancel/i }).click();
    await page.waitForURL(/\/sign-in\/callback/);
    await page.getByText('没有登录成功').waitFor();
    await page.getByRole('alert').filter({ hasText: /access_denied/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '重新登录' }).click();
    await page.waitForURL(/\/sign-in$/);
  });
});
