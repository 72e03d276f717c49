import { eventually } from '@platform/eventing/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { activeWorker, autoDispatchOn, cstDayAhead } from '../../services/dispatch/test/dispatch-harness';
import { tmallOrder } from '../../services/orders/test/orders-harness';
import { DESKTOP, launchChromium, screenshot, seriousViolations } from './chromium';
import { newContext, signInThroughPage } from './sign-in';
import { startConsolePlatform, type PlatformUnderTest } from './platform';

const JINGAN = { lat: 31.2286, lng: 121.4521 };
const XUJIAHUI = { lat: 31.1955, lng: 121.4365 };

/**
 * The dispatcher's schedule board in headless Chromium against the real platform: the branch's
 * workers with their day's jobs and the drive between them, the orders nobody holds, and moving a
 * job by dragging it, with a reason, where the guard's refusal is said in words.
 */
describe('the schedule board in a real browser', () => {
  let platform: PlatformUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let dispatcherToken: string;
  const { day } = cstDayAhead(1);
  const run = Date.now();
  const [ana, bo, novice] = [`w-sched-a-${run}`, `w-sched-b-${run}`, `w-sched-novice-${run}`];
  const tids = { morning: `TM-AM-${run}`, afternoon: `TM-PM-${run}`, open: `TM-OPEN-${run}` };
  const ids: Record<keyof typeof tids, string> = { morning: '', afternoon: '', open: '' };

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await graphqlPost(platform.gateway.url, query, { token: dispatcherToken, variables });
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
    return response.data as Record<string, never>;
  };
  const workerOf = async (orderId: string) =>
    ((await gql('query($id: ID!) { orderDispatch: order(id: $id) { dispatch { workerId } } }', { id: orderId }))
      
      .orderDispatch as unknown as { dispatch: { workerId: string | null } }).dispatch.workerId;

  beforeAll(async () => {
    platform = await startConsolePlatform();
    dispatcherToken = await tokenFor({ sub: 'd-schedule', role: 'dispatcher', branch: 'shanghai' });
    await platform.dispatch.publish(
      autoDispatchOn('shanghai', false),
      ...activeWorker(ana, { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan' }),
      ...activeWorker(bo, { home: XUJIAHUI, areas: ['jingan', 'xuhui'], stationId: 'sh-jingan' }),
      // Trained for deep cleaning only: the guard refuses them a daily-cleaning job.
      ...activeWorker(novice, { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan', items: ['HC-DEEP-4H'] }),
    );
    const place = async (tid: string, from: string, to: string, at: { lat: number; lng: number }) => {
      const sent = await platform.orders.webhook(
        'tmall',
        tmallOrder({
          tid,
          latitude: at.lat,
          longitude: at.lng,
          serviceStart: `${day}T${from}:00+08:00`,
          serviceEnd: `${day}T${to}:00+08:00`,
        }),
      );
      expect(sent.status).toBe(201);
      return String(sent.body.orderId);
    };
    ids.morning = await place(tids.morning, '09:00', '12:00', JINGAN);
    ids.afternoon = await place(tids.afternoon, '14:00', '17:00', XUJIAHUI);
    ids.open = await place(tids.open, '18:00', '21:00', JINGAN);
    for (const orderId of [ids.morning, ids.afternoon])
      await eventually(`order ${orderId} assigned to ${ana}`, async () => {
        const response = await graphqlPost(
          platform.gateway.url,
          'mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "排班") { workerId } }',
          { token: dispatcherToken, variables: { o: orderId, w: ana } },
        );
        return response.data ? true : undefined;
      });
    browser = await launchChromium();
    context = await newContext(browser, DESKTOP);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.close();
  });

  const rowOf = (page: Page, workerId: string) => page.getByRole('listitem', { name: workerId, exact: true });
  const barOf = (page: Page, tid: string) => page.getByRole('button', { name: new RegExp(tid) });

  it('shows the workers’ day with the drive between jobs; a dragged job moves to another worker with a reason, a refused one stays', async () => {
    const { page, errors } = await signInThroughPage(context, platform.base, /王调度/);
    await page.getByRole('link', { name: '排班看板' }).click();
    await page.waitForURL(/\/schedule/);
    await page.goto(`${platform.base}/schedule?day=${day}`);
    await page.getByRole('heading', { name: /排班看板/ }).waitFor();

    const rowA = rowOf(page, ana);
    const rowB = rowOf(page, bo);
    await rowA.getByRole('button', { name: new RegExp(tids.afternoon) }).waitFor({ timeout: 20_000 });
    await expect(rowA.getByRole('button', { name: new RegExp(tids.morning) }).count()).resolves.toBe(1);
    await expect(rowA.textContent()).resolves.toMatch(/车程 \d+ 分/);
    await expect(rowB.getByRole('button').count()).resolves.toBe(0);
    const openList = page.getByRole('list', { name: '待派订单' });
    await openList.getByText(tids.open).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-board');

    // Onto a worker not trained for the item: the guard's refusal in words, and nothing moves.
    await barOf(page, tids.afternoon).dragTo(rowOf(page, novice));
    const dialog = page.getByRole('dialog');
    await dialog.getByText('改派工单').waitFor();
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.getByText('必填').waitFor();
    await dialog.getByLabel('原因', { exact: true }).fill('顾客点名');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.getByText(/不能派给这位师傅：没有该项目资质/).waitFor({ timeout: 15_000 });
    // The pointer off the button it just clicked: axe measures the button at rest, not hovered.
    await page.mouse.move(0, 0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-refused');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(rowA.getByRole('button', { name: new RegExp(tids.afternoon) }).count()).resolves.toBe(1);
    expect(await workerOf(ids.afternoon)).toBe(ana);

    // Onto the other worker, with a reason: the bar moves, and dispatch and the order page follow.
    await barOf(page, tids.morning).dragTo(rowB);
    await dialog.getByText('改派工单').waitFor();
    await dialog.locator(`.ant-select-content-has-value[title="${bo}"]`).waitFor();
    await dialog.getByLabel('原因', { exact: true }).fill('师傅临时有事');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await rowB.getByRole('button', { name: new RegExp(tids.morning) }).waitFor({ timeout: 20_000 });
    await expect(rowA.getByRole('button', { name: new RegExp(tids.morning) }).count()).resolves.toBe(0);
    expect(await workerOf(ids.morning)).toBe(bo);

    // The keyboard opens the same dialog from a bar (worker and start to pick there).
    await rowB.getByRole('button', { name: new RegExp(tids.morning) }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('调整工单').waitFor();
    await dialog.getByLabel('开始时间').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // An open order dragged onto a worker is assigned to them.
    await openList.getByText(tids.open).dragTo(rowA);
    await dialog.getByText('指派订单').waitFor();
    await dialog.getByLabel('原因', { exact: true }).fill('就近');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await rowA.getByRole('button', { name: new RegExp(tids.open) }).waitFor({ timeout: 20_000 });
    await expect(openList.getByText(tids.open).count()).resolves.toBe(0);

    // Along the row, an hour earlier: rescheduled (same length, on the quarter hour), still theirs.
    const bar = rowA.getByRole('button', { name: new RegExp(tids.afternoon) });
    const [barBox, rowBox, trackBox] = await Promise.all([
      bar.boundingBox(),
      rowA.boundingBox(),
      rowA.locator('.schedule-track').boundingBox(),
    ]);
    const hour = trackBox!.width / 15;
    await bar.dragTo(rowA, {
      targetPosition: { x: barBox!.x + barBox!.width / 2 - hour - rowBox!.x, y: rowBox!.height / 2 },
    });
    await dialog.getByText('改约工单').waitFor();
    await dialog.locator('.ant-select-content-has-value[title="13:00"]').waitFor();
    await dialog.getByLabel('原因', { exact: true }).fill('顾客改到下午一点');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowA.getByRole('button', { name: new RegExp(`${tids.afternoon}.*13:00–16:00`) }).waitFor({ timeout: 30_000 });
    expect(await workerOf(ids.afternoon)).toBe(ana);
    await expect(page.getByText(/无法接改约后的时间/).count()).resolves.toBe(0);
    await screenshot(page, 'schedule-moved');

    // Along the row into a clash (the 18:00 job to 14:00, when the 13:00 job holds her): the server
    // lets her go and dispatches it again; the board says so in words, the job is in the open list.
    const evening = rowA.getByRole('button', { name: new RegExp(tids.open) });
    const eveningBox = (await evening.boundingBox())!;
    await evening.dragTo(rowA, {
      targetPosition: { x: eveningBox.x + eveningBox.width / 2 - 4 * hour - rowBox!.x, y: rowBox!.height / 2 },
    });
    await dialog.getByText('改约工单').waitFor();
    await dialog.locator('.ant-select-content-has-value[title="14:00"]').waitFor();
    await dialog.getByLabel('原因', { exact: true }).fill('顾客改到下午两点');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/无法接改约后的时间，已被放开/).waitFor({ timeout: 30_000 });
    await openList.getByText(tids.open).waitFor({ timeout: 20_000 });
    await expect(rowA.getByRole('button', { name: new RegExp(tids.open) }).count()).resolves.toBe(0);
    expect(await workerOf(ids.open)).toBeNull();
    await page.mouse.move(0, 0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-released');

    await page.goto(`${platform.base}/orders/${ids.morning}`);
    await page.getByRole('heading', { name: new RegExp(`订单 ${tids.morning}`) }).waitFor();
    await eventually('the order page names the new worker', async () => {
      await page.reload();
      await page.getByRole('heading', { name: new RegExp(`订单 ${tids.morning}`) }).waitFor();
      return (await page.getByText(bo).count()) > 0 ? true : undefined;
    });
    expect(errors).toEqual([]);
  });
});
