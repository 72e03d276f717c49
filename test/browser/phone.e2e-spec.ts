import { eventually } from '@platform/eventing/testing';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { activeWorker } from '../../services/dispatch/test/dispatch-harness';
import { tmallOrder, type OrdersUnderTest } from '../../services/orders/test/orders-harness';
import { PHONE, screenshot, seriousViolations } from './chromium';
import { SignedInBrowser, signInThroughPage, type Person } from './sign-in';
import { startConsolePlatform, type PlatformUnderTest } from './platform';

const JINGAN = { lat: 31.2286, lng: 121.4521 };
/** A 1×1 PNG, as a phone camera's photo stands in here. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const HOUR = 3_600_000;

/**
 * The customer's and the worker's phone screens in headless Chromium against the real platform:
 * booking a published service, reporting a fault with a photo, rescheduling within the rules; the
 * worker's jobs by day, a spare-part request, and what completion still needs.
 */
describe('customer and worker phone screens in a real browser', () => {
  let platform: PlatformUnderTest;
  let orders: OrdersUnderTest;
  let gateway: RunningGateway;
  let people: SignedInBrowser;
  let base: string;

  beforeAll(async () => {
    platform = await startConsolePlatform();
    ({ orders, gateway, base } = platform);
    await platform.dispatch.publish(...activeWorker('w-phone', { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan' }));
    people = await SignedInBrowser.launch(base);
  }, 180_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
  });

  const signedIn = async (options: BrowserContextOptions, person: Person, at?: Date) => {
    const context = await people.newContext(options);
    // The phone's clock, where the test needs "today" to be a given day whatever the hour it runs.
    if (at) await context.clock.setFixedTime(at);
    return signInThroughPage(context, base, person);
  };

  /** A tab of the phone's tab bar (the header repeats the current tab's name). */
  const tabBar = (page: Page, name: string) => page.getByRole('navigation').getByText(name, { exact: true });

  /** Fills the contact and address fields of a booking or fault report. */
  const fillContact = async (page: Page, phone: string) => {
    await page.getByLabel(/^联系人\*?$/).fill('周敏');
    await page.getByLabel(/^手机号\*?$/).fill(phone);
    await page.getByRole('option', { name: '静安区' }).click();
    await page.getByLabel(/^详细地址\*?$/).fill('南京西路 1266 号 2301');
  };

  /** Picks the day after tomorrow's (or a later day's) window on the page's first window picker. */
  const pickWindow = async (page: Page, dayIndex: number, slot: string) => {
    const days = page.getByRole('listbox').filter({ has: page.getByRole('option', { name: /^明天/ }) }).first();
    await days.getByRole('option').nth(dayIndex).click();
    await page.getByRole('option', { name: slot }).click();
  };

  it('books a published service (price in yuan), sees it in their orders, and reschedules it', async () => {
    const { page, errors } = await signedIn(PHONE, { role: 'customer', sub: 'c-phone-book' });
    await page.waitForURL(/\/m\/orders$/);
    await tabBar(page, '预约').click();
    await page.waitForURL(/\/m\/book$/);
    const daily = page.getByRole('option', { name: /^日常保洁 3小时/ });
    await daily.waitFor();
    await expect(daily.textContent()).resolves.toMatch(/约 3 小时.*¥150\.00/);
    expect(await seriousViolations(page)).toEqual([]);

    await daily.click();
    await screenshot(page, 'customer-book');
    await pickWindow(page, 1, '10:00–12:00');
    await fillContact(page, '12345');
    await page.getByLabel(/^备注\*?$/).fill('家里有猫');
    await page.getByRole('button', { name: '提交预约' }).click();
    // The service refuses the phone number: the reason is under the phone field.
    await page.locator('.adm-form-item').filter({ hasText: '手机号' }).getByText(/must be a phone number/).waitFor();
    await page.getByLabel(/^手机号\*?$/).fill('13911112222');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.waitForURL(/\/m\/orders\/[^/]+$/, { timeout: 15_000 });
    const orderId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: '日常保洁 3小时' }).waitFor();
    await page.getByRole('status', { name: '订单状态' }).filter({ hasText: '待派单' }).waitFor();
    await page.getByText('备注：家里有猫').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Rescheduled to the day after tomorrow, 14:00–16:00.
    await pickWindow(page, 2, '14:00–16:00');
    await page.getByRole('button', { name: '确认改约' }).click();
    await page.getByRole('status').filter({ hasText: /已改约到 .*14:00–16:00/ }).waitFor({ timeout: 15_000 });
    await page.getByText(/14:00–16:00/).first().waitFor();

    // In their orders.
    await tabBar(page, '我的订单').click();
    await page.waitForURL(/\/m\/orders$/);
    await page.getByText('日常保洁 3小时').first().click();
    await page.waitForURL(new RegExp(`/m/orders/${orderId}$`));
    expect(errors).toEqual([]);
  }, 300_000);

  it('refuses to move an order within two hours of its appointment, with the rule, next to the window', async () => {
    const { page, errors } = await signedIn(PHONE, { role: 'customer', sub: 'c-phone-book' });
    await page.waitForURL(/\/m\/orders$/);

    // An order starting in just over an hour: within two hours the customer may not move it.
    const token = await tokenFor({ sub: 'c-phone-book', role: 'customer' });
    const start = new Date(Date.now() + 65 * 60_000);
    const placed = await graphqlPost(
      gateway.url,
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`,
      {
        token,
        variables: {
          input: {
            itemCode: 'HC-DAILY-3H',
            appointment: { start: start.toISOString(), end: new Date(start.getTime() + 3 * HOUR).toISOString() },
            contact: { name: '周敏', phone: '13911112222', street: '南京西路 1266 号 2301' },
            address: { city: 'shanghai', district: '静安区', location: JINGAN },
          },
        },
      },
    );
    const soonId = (placed.data as { placeOrder: { orderId: string } } | null)?.placeOrder.orderId;
    expect(placed.errors).toBeUndefined();
    await page.goto(`${base}/m/orders/${soonId}`);
    await page.getByRole('heading', { name: '日常保洁 3小时' }).waitFor();
    await pickWindow(page, 2, '10:00–12:00');
    await page.getByRole('button', { name: '确认改约' }).click();
    const refusal = page.locator('.adm-form-item').filter({ hasText: '上门时间段' }).getByText(/预约开始前 2 小时内不能自己改约或取消/);
    await refusal.waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('reports a fault with a photo; the photo and the product are on the order', async () => {
    const { page, errors } = await signedIn(PHONE, { role: 'customer', sub: 'c-phone-report' });
    await page.waitForURL(/\/m\/orders$/);
    await tabBar(page, '报修').click();
    await page.waitForURL(/\/m\/report$/);
    const lock = page.getByRole('option', { name: /^智能门锁维修/ });
    await lock.waitFor();
    await lock.click();
    await expect(lock.textContent()).resolves.toMatch(/¥\d+\.\d\d/);
    await page.getByLabel(/^型号\*?$/).fill('德施曼 Q5');
    await page.getByLabel(/^购买日期\*?$/).fill('2025-06-01');
    await page.getByLabel(/^故障描述\*?$/).fill('指纹识别失灵，密码也打不开');
    await page.getByLabel('添加照片').setInputFiles({ name: 'fault.png', mimeType: 'image/png', buffer: PNG });
    const thumb = page.locator('img[alt="故障照片 1"]');
    await thumb.waitFor({ timeout: 15_000 });
    await pickWindow(page, 1, '14:00–16:00');
    await fillContact(page, '13911113333');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByText('故障照片', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-report');
    await page.getByRole('button', { name: '提交报修' }).click();
    await page.waitForURL(/\/m\/orders\/[^/]+$/, { timeout: 15_000 });
    await page.getByRole('heading', { name: '智能门锁维修' }).waitFor();
    await page.getByText('故障：指纹识别失灵，密码也打不开').waitFor();
    await page.getByText(/德施曼 Q5，2025-06-01 购买/).waitFor();
    const photo = page.locator('img[alt="故障照片 1"]');
    await photo.waitFor({ timeout: 15_000 });
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await photo.elementHandle());
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it("groups the worker's jobs today / tomorrow / later, requests a spare part (a zero quantity refused), and a completion refused lists what is missing", async () => {
    // Placement needs an hour's lead and check-in opens an hour before the start: a start just
    // over an hour away is placeable now and open for check-in seconds later.
    const start = new Date(Date.now() + HOUR + 3_000);
    const window = (from: Date) => ({ serviceStart: from.toISOString(), serviceEnd: new Date(from.getTime() + 3 * HOUR).toISOString() });
    const dispatcher = await tokenFor({ sub: 'd-phone', role: 'dispatcher', branch: 'shanghai' });
    const ids: string[] = [];
    for (const [i, from] of [start, new Date(start.getTime() + 24 * HOUR), new Date(start.getTime() + 72 * HOUR)].entries()) {
      const sent = await orders.webhook('tmall', tmallOrder({ tid: `TM-PHONE-${i}-${Date.now()}`, latitude: JINGAN.lat, longitude: JINGAN.lng, ...window(from) }));
      expect(sent.status).toBe(201);
      ids.push(String(sent.body.orderId));
    }
    for (const orderId of ids) {
      await eventually(`order ${orderId} assigned to w-phone`, async () => {
        const answer = await graphqlPost(gateway.url, 'mutation($id: ID!) { assignWorker(orderId: $id, workerId: "w-phone", reason: "手机端测试") { assignmentId } }', {
          token: dispatcher,
          variables: { id: orderId },
        });
        if (answer.errors) return undefined;
        const order = await graphqlPost(gateway.url, 'query($id: ID!) { order(id: $id) { status workerId } }', { token: dispatcher, variables: { id: orderId } });
        const seen = (order.data as { order: { status: string; workerId: string | null } | null } | null)?.order;
        return seen?.status === 'assigned' && seen.workerId === 'w-phone' ? true : undefined;
      });
    }

    // The phone's "today" is the first job's day, so the groups hold whatever the hour the test runs.
    const { page, errors } = await signedIn(
      { ...PHONE, geolocation: { latitude: JINGAN.lat + 0.02, longitude: JINGAN.lng }, permissions: ['geolocation'] },
      { role: 'worker', sub: 'w-phone' },
      start,
    );
    await tabBar(page, '我的工单').click();
    await page.waitForURL(/\/m\/jobs$/);
    for (const group of ['今天', '明天', '以后']) {
      const region = page.getByRole('region', { name: group });
      await region.getByText('日常保洁 3小时').waitFor({ timeout: 15_000 });
      await expect(region.getByRole('heading', { name: `${group} (1)` }).count()).resolves.toBe(1);
      await expect(region.textContent()).resolves.toContain('静安区');
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'worker-jobs-grouped');

    await page.getByRole('region', { name: '今天' }).getByText('日常保洁 3小时').click();
    await page.waitForURL(new RegExp(`/m/jobs/${ids[0]}$`));
    // Too far: the refusal says how far.
    await page.getByRole('button', { name: '在客户地址签到' }).click();
    await page.getByRole('alert').filter({ hasText: /签到位置离服务地址 \d+ 米，需在 500 米以内/ }).waitFor({ timeout: 15_000 });
    await page.context().setGeolocation({ latitude: JINGAN.lat + 0.0005, longitude: JINGAN.lng });
    await page.getByRole('button', { name: '在客户地址签到' }).click();
    await page.getByText(/已于 .* 签到/).waitFor({ timeout: 15_000 });

    // A spare part: a zero quantity is refused under the quantity, then two are requested.
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: '提交配件申请' }) });
    await form.getByLabel(/^配件编码\*?$/).fill('WM-PUMP-01');
    await form.getByLabel(/^数量\*?$/).fill('0');
    await form.getByLabel(/^申请原因\*?$/).fill('排水泵漏水');
    await form.getByRole('button', { name: '提交配件申请' }).click();
    await form.locator('.adm-form-item').filter({ hasText: '数量' }).locator('.adm-form-item-feedback-error').waitFor({ timeout: 15_000 });
    await form.getByLabel(/^数量\*?$/).fill('2');
    await form.getByRole('button', { name: '提交配件申请' }).click();
    await page.getByText(/WM-PUMP-01 × 2：排水泵漏水/).waitFor({ timeout: 15_000 });
    await page.getByText(/WM-PUMP-01 × 2/).scrollIntoViewIfNeeded();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'worker-spare-part');

    // Completing now is refused: each missing thing on its own line, in Chinese.
    await page.getByRole('button', { name: '完工' }).click();
    const missing = page.getByRole('alert').filter({ hasText: '还不能完工，还缺：' });
    await missing.waitFor({ timeout: 15_000 });
    const lines = await missing.locator('p').allTextContents();
    expect(lines.filter((l) => l.startsWith('· 服务清单未完成：')).length).toBeGreaterThan(1);
    expect(lines).toContain('· 缺少完工后的照片（拍照上传）');
    expect(lines).toContain('· 缺少客户签字');
    expect(errors).toEqual([]);
  }, 300_000);
});
