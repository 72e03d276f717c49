import type { BrowserContextOptions, Page } from 'playwright-core';
import type { RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { activeWorker, autoDispatchOn } from '../../services/dispatch/test/dispatch-harness';
import { tmallOrder, type OrdersUnderTest } from '../../services/orders/test/orders-harness';
import { DESKTOP, PHONE, screenshot, seriousViolations } from './chromium';
import { SignedInBrowser, type Person } from './sign-in';
import { startConsolePlatform, type PlatformUnderTest } from './platform';

const JINGAN = { lat: 31.2286, lng: 121.4521 };
/** A 1×1 PNG, as a phone camera's photo stands in here. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The console and the worker app in headless Chromium against the real platform (orders, workforce
 * and dispatch on the real servers, behind the gateway, which serves the built app): what a
 * dispatcher and a worker do with their hands, and what each may not see.
 */
describe('web console and worker app in a real browser', () => {
  let platform: PlatformUnderTest;
  let orders: OrdersUnderTest;
  let gateway: RunningGateway;
  let people: SignedInBrowser;
  let base: string;

  beforeAll(async () => {
    platform = await startConsolePlatform();
    ({ orders, gateway, base } = platform);
    await platform.dispatch.publish(
      autoDispatchOn(),
      ...activeWorker('w-browser-near', { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan' }),
    );
    people = await SignedInBrowser.launch(base);
  }, 180_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
  });

  const signedIn = (options: BrowserContextOptions, person: Person) => people.signedIn(options, person);

  const rowOf = (page: Page, orderId: string) => page.locator(`tr[data-order-id="${orderId}"]`);

  it('shows a partner order live in the inbox; the dispatcher follows it while the worker accepts the offer on the phone', async () => {
    const { page: inbox, errors } = await signedIn(DESKTOP, /王调度/);
    await inbox.getByRole('heading', { name: /订单收件箱/ }).waitFor();
    expect(await seriousViolations(inbox)).toEqual([]);

    const channelOrderId = `TM-BROWSER-${Date.now()}`;
    const sent = await orders.webhook('tmall', tmallOrder({ tid: channelOrderId, receiverName: '林晓', latitude: JINGAN.lat, longitude: JINGAN.lng }));
    expect(sent.status).toBe(201);
    const orderId = String(sent.body.orderId);

    // Live: the row arrives without a reload, highlighted as new.
    const row = rowOf(inbox, orderId);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.getByText('新订单').count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain('林晓');
    await screenshot(inbox, 'inbox');

    await row.getByRole('link', { name: channelOrderId }).click();
    await inbox.getByRole('heading', { name: new RegExp(`订单 ${channelOrderId}`) }).waitFor();
    expect(await seriousViolations(inbox)).toEqual([]);

    // The worker's phone: the offer, with what, where, when and the time left; accept.
    const { page: phone, errors: phoneErrors } = await signedIn(PHONE, { role: 'worker', sub: 'w-browser-near' });
    await phone.waitForURL(/\/m\/offers/);
    const card = phone.getByLabel(/^offer /);
    await card.waitFor({ timeout: 20_000 });
    await expect(card.textContent()).resolves.toMatch(/日常保洁[\s\S]*剩余 \d+:\d\d[\s\S]*静安区/);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'worker-offers');
    await card.getByRole('button', { name: '接单' }).click();
    await phone.getByRole('status').filter({ hasText: /已接单：日常保洁/ }).waitFor();
    await expect(phone.getByLabel(/^offer /).count()).resolves.toBe(0);

    // The dispatcher's open order page follows: assigned to the worker, with why.
    await inbox.getByText('已派单').first().waitFor({ timeout: 20_000 });
    await inbox.getByText(/w-browser-near was rank 1/).waitFor({ timeout: 20_000 });
    await screenshot(inbox, 'order');
    expect([...errors, ...phoneErrors]).toEqual([]);
  });

  it('assigns by hand (a refusal shown by its field), and the worker does the job on the phone: check-in, checklist, photo, signature, completion', async () => {
    // Placement needs an hour's lead and check-in opens an hour before the start: a start just
    // over an hour away is placeable now and open for check-in seconds later.
    const start = new Date(Date.now() + 60 * 60_000 + 3_000);
    const end = new Date(start.getTime() + 3 * 60 * 60_000);
    const channelOrderId = `TM-JOB-${Date.now()}`;
    const sent = await orders.webhook(
      'tmall',
      tmallOrder({ tid: channelOrderId, latitude: JINGAN.lat, longitude: JINGAN.lng, serviceStart: start.toISOString(), serviceEnd: end.toISOString() }),
    );
    expect(sent.status).toBe(201);
    const orderId = String(sent.body.orderId);
    const { page, errors } = await signedIn(DESKTOP, /王调度/);
    await page.goto(`${base}/orders/${orderId}`);
    await page.getByRole('heading', { name: new RegExp(`订单 ${channelOrderId}`) }).waitFor();

    // Submitting empty: each required field says so.
    await page.getByRole('button', { name: /指\s*派/ }).click();
    await expect(page.getByText('必填').count()).resolves.toBe(2);

    await page.getByLabel('师傅 ID').fill('w-nobody');
    await page.getByLabel('原因', { exact: true }).fill('顾客点名');
    await page.getByRole('button', { name: /指\s*派/ }).click();
    const refusal = page.locator('.ant-form-item-explain-error, [role="alert"]').filter({ hasText: /该分公司没有这位师傅/ });
    await refusal.first().waitFor({ timeout: 15_000 });

    await page.getByLabel('师傅 ID').fill('w-browser-near');
    await page.getByRole('button', { name: /指\s*派/ }).click();
    await page.getByText('已指派给 w-browser-near').waitFor({ timeout: 15_000 });

    // The customer follows the order on their phone; cancelling within two hours of the start is
    // refused with the rule.
    const dispatcherToken = await tokenFor({ sub: 'd-browser', role: 'dispatcher', branch: 'shanghai' });
    const customerId = (
      (await graphqlPost(gateway.url, 'query($id: ID!) { order(id: $id) { customer { customerId } } }', {
        token: dispatcherToken,
        variables: { id: orderId },
      })).data as { order: { customer: { customerId: string } } }
    ).order.customer.customerId;
    const { page: customer, errors: customerErrors } = await signedIn(PHONE, { role: 'customer', sub: customerId });
    // Their orders (this customer's other orders of the run among them), then this one.
    await customer.getByText('日常保洁 3小时').first().waitFor();
    await customer.goto(`${base}/m/orders/${orderId}`);
    await customer.getByText('已为您安排师傅').or(customer.getByText(/服务师傅：/)).first().waitFor();
    await customer.getByRole('button', { name: '取消订单' }).click();
    // The open dialog is named for screen readers too.
    await customer.getByRole('dialog', { name: '取消订单' }).waitFor();
    expect(await seriousViolations(customer)).toEqual([]);
    await customer.getByRole('button', { name: '确认取消' }).click();
    await customer.getByRole('alert').filter({ hasText: /预约开始前 2 小时内不能自己改约或取消，请联系客服/ }).waitFor();
    await customer.locator('.adm-center-popup-wrap').waitFor({ state: 'hidden' });
    expect(await seriousViolations(customer)).toEqual([]);

    // The worker, on the phone, two kilometres away at first.
    const { page: phone, errors: phoneErrors } = await signedIn(
      { ...PHONE, geolocation: { latitude: JINGAN.lat + 0.02, longitude: JINGAN.lng }, permissions: ['geolocation'] },
      { role: 'worker', sub: 'w-browser-near' },
    );
    await phone.getByRole('tab', { name: '我的工单' }).or(phone.getByText('我的工单')).first().click();
    await phone.waitForURL(/\/m\/jobs$/);
    await phone.getByText('日常保洁 3小时').first().waitFor({ timeout: 15_000 });
    await phone.goto(`${base}/jobs/${orderId}`);
    await phone.getByRole('button', { name: '在客户地址签到' }).click();
    await phone.getByRole('alert').filter({ hasText: /签到位置离服务地址 \d+ 米，需在 500 米以内/ }).waitFor();
    expect(await seriousViolations(phone)).toEqual([]);

    // Completing now is refused, naming what is missing.
    await phone.context().setGeolocation({ latitude: JINGAN.lat + 0.0005, longitude: JINGAN.lng });
    await phone.getByRole('button', { name: '在客户地址签到' }).click();
    await phone.getByText(/已于 .* 签到/).waitFor({ timeout: 15_000 });
    await phone.getByRole('button', { name: '完工' }).click();
    await phone.getByRole('alert').first().waitFor();
    await expect(phone.getByRole('alert').first().textContent()).resolves.toMatch(/checklist|signature|photo/i);

    // Every checklist item, a photo from the camera, the customer's signature drawn on the screen.
    const boxes = phone.locator('label.adm-checkbox');
    const count = await boxes.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await boxes.nth(i).click();
      await phone.getByText(`服务清单 ${i + 1}/${count}`).waitFor({ timeout: 20_000 });
    }
    await phone.getByLabel('拍照上传').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
    await phone.getByText('照片 (1)').waitFor({ timeout: 15_000 });
    await phone.getByTestId('signature-pad').scrollIntoViewIfNeeded();
    const pad = await phone.getByTestId('signature-pad').boundingBox();
    await phone.mouse.move(pad!.x + 20, pad!.y + 100);
    await phone.mouse.down();
    for (const [dx, dy] of [[60, -50], [120, 20], [200, -40], [260, 30]]) await phone.mouse.move(pad!.x + dx!, pad!.y + 100 + dy!);
    await phone.mouse.up();
    await phone.getByRole('textbox', { name: '签字人姓名' }).fill('林晓');
    await phone.getByRole('button', { name: '保存签字' }).click();
    await phone.getByText(/林晓 已于 .* 签字/).waitFor({ timeout: 15_000 });
    await screenshot(phone, 'worker-job');

    await phone.getByRole('button', { name: '完工' }).click();
    await phone.getByRole('status').filter({ hasText: /已于 .* 完工/ }).waitFor({ timeout: 15_000 });

    // The dispatcher's and the customer's open pages follow; the dispatcher sees the photo and the
    // signature, loaded with their own token.
    await page.getByText('已完成').first().waitFor({ timeout: 20_000 });
    for (const alt of ['服务照片（after）', '客户签字']) {
      const image = page.locator(`img[alt="${alt}"]`);
      await image.waitFor({ timeout: 15_000 });
      await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
    }
    await customer.getByRole('status', { name: '订单状态' }).filter({ hasText: '已完成' }).waitFor({ timeout: 20_000 });
    await screenshot(customer, 'customer-order');
    expect([...errors, ...phoneErrors, ...customerErrors]).toEqual([]);
  });

  it('keeps each person to their own: a Beijing dispatcher never sees a Shanghai order', async () => {
    const sent = await orders.webhook('tmall', tmallOrder({ tid: `TM-SCOPE-${Date.now()}` }));
    const orderId = String(sent.body.orderId);
    const { page: shanghai } = await signedIn(DESKTOP, /王调度/);
    await shanghai.goto(`${base}/inbox?q=${orderId}`);
    await rowOf(shanghai, orderId).waitFor({ timeout: 15_000 });

    // The Shanghai dispatcher may change it: a new time under an hour away is refused on its
    // field, then the order is cancelled with a reason.
    await shanghai.goto(`${base}/orders/${orderId}`);
    await shanghai.getByRole('heading', { name: /订单 TM-SCOPE/ }).waitFor();
    const soon = (minutes: number) => {
      const at = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
      return at.toISOString().slice(0, 16).replace('T', ' ');
    };
    await shanghai.getByPlaceholder(/开始日期|开始时间/).click();
    await shanghai.getByPlaceholder(/开始日期|开始时间/).fill(soon(10));
    await shanghai.keyboard.press('Enter');
    await shanghai.getByPlaceholder(/结束日期|结束时间/).fill(soon(130));
    await shanghai.keyboard.press('Enter');
    await shanghai.getByLabel('改约或取消的原因').fill('顾客要求提前');
    await shanghai.getByRole('button', { name: /^改\s*约$/ }).click();

    await shanghai.getByText(/预约开始时间至少要在 60 分钟之后/).waitFor();
    await shanghai.getByRole('button', { name: '取消订单' }).click();
    await shanghai.locator('.ant-popconfirm').getByRole('button', { name: '取消订单' }).click();
    await shanghai.locator('h1').getByText('已取消').waitFor({ timeout: 30_000 });

    const { page: beijing } = await signedIn(DESKTOP, /李调度/);
    await beijing.goto(`${base}/inbox?q=${orderId}`);
    await beijing.getByText('共 0 单').or(beijing.locator('.ant-empty')).first().waitFor();
    await expect(rowOf(beijing, orderId).count()).resolves.toBe(0);
    await beijing.goto(`${base}/orders/${orderId}`);
    await beijing.locator('[role="alert"]').first().waitFor();
    await expect(beijing.getByRole('heading', { name: /订单 TM-SCOPE/ }).count()).resolves.toBe(0);
  });

  it('sends a person whose session expired back to sign-in, and then to the page they were on', async () => {
    const { page } = await signedIn(DESKTOP, /王调度/);
    await page.goto(`${base}/inbox?status=placed`);
    await page.getByRole('heading', { name: /订单收件箱/ }).waitFor();
    // The token is refused from now on, as an expired one is.
    await page.evaluate(() => localStorage.setItem('console.session', 'x.eyJzdWIiOiJ4Iiwicm9sZSI6ImRpc3BhdGNoZXIiLCJleHAiOjQxMDI0NDQ4MDB9.x'));
    await page.reload();
    await page.waitForURL(/\/sign-in\?next=%2Finbox%3Fstatus%3Dplaced&expired=1/, { timeout: 15_000 });
    await page.getByText('登录已过期').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: /王调度/ }).click();
    await page.waitForURL(/\/inbox\?status=placed$/);
  });
});
