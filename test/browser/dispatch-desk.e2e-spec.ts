import { eventually } from '@platform/eventing/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { activeWorker, autoDispatchOn, cstDayAhead } from '../../services/dispatch/test/dispatch-harness';
import { tmallOrder } from '../../services/orders/test/orders-harness';
import { DESKTOP, launchChromium, screenshot, seriousViolations } from './chromium';
import { newContext, signInThroughPage } from './sign-in';
import { startConsolePlatform, type PlatformUnderTest } from './platform';

const XUHUI = { lat: 31.1885, lng: 121.4365 };
const JINGAN = { lat: 31.2286, lng: 121.4521 };
const PUDONG = { lat: 31.2215, lng: 121.5447 };

/**
 * The dispatcher's desk in headless Chromium against the real platform: the Shanghai branch's day
 * on the day board, the queue of orders nobody could take, and the city-day plan beside greedy
 * dispatch, accepted into offers.
 */
describe("the dispatcher's desk in a real browser", () => {
  let platform: PlatformUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  const { day } = cstDayAhead(2);
  const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const dispatcherToken = () => tokenFor({ sub: 'd-desk', role: 'dispatcher', branch: 'shanghai' });
  const board = async () =>
    (
      (await graphqlPost(platform.gateway.url, 'query($d: String!) { dispatchBoard(branchId: "shanghai", day: $d) { counts { waiting offering assigned failed } } }', {
        token: await dispatcherToken(),
        variables: { d: day },
      })).data as { dispatchBoard: { counts: Record<string, number> } }
    ).dispatchBoard.counts;
  const place = async (tid: string, district: string, where: { lat: number; lng: number }, hour: number) => {
    const sent = await platform.orders.webhook(
      'tmall',
      tmallOrder({ tid, receiverDistrict: district, latitude: where.lat, longitude: where.lng, serviceStart: at(hour), serviceEnd: at(hour + 3) }),
    );
    expect(sent.status).toBe(201);
    return String(sent.body.orderId);
  };
  const run = Date.now();
  const tids = { offered: `TM-DESK-A-${run}`, pudong: `TM-DESK-F-${run}`, jingan: `TM-DESK-J-${run}`, xuhui: `TM-DESK-X-${run}` };
  const ids: Record<keyof typeof tids, string> = { offered: '', pudong: '', jingan: '', xuhui: '' };

  beforeAll(async () => {
    platform = await startConsolePlatform();
    // The branch's stations and the districts they serve, as an admin opens them in workforce.
    const admin = await tokenFor({ sub: 'admin-desk', role: 'admin' });
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const answer = await graphqlPost(platform.gateway.url, query, { token: admin, variables });
      if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors));
    };
    await gql('mutation($i: OpenBranchInput!) { openBranch(input: $i) { id } }', {
      i: { id: 'shanghai', name: { zh: '上海分公司', en: 'Shanghai' }, city: 'shanghai', businessUnits: ['home_cleaning'] },
    });
    for (const [id, zh, en, districts] of [
      ['sh-xuhui', '徐汇站', 'Xuhui station', ['xuhui']],
      ['sh-jingan', '静安站', "Jing'an station", ['jingan']],
    ] as const)
      await gql('mutation($i: OpenStationInput!) { openStation(input: $i) { id } }', {
        i: { id, branchId: 'shanghai', name: { zh, en }, leaderId: `leader-${id}`, districts: [...districts] },
      });
    await platform.dispatch.publish(
      autoDispatchOn(),
      ...activeWorker('w-desk-xuhui', { home: XUHUI, areas: ['xuhui'], stationId: 'sh-xuhui' }),
      ...activeWorker('w-desk-jingan', { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan' }),
    );
    // With auto-dispatch on: one order offered at once, one in Pudong that nobody serves.
    ids.offered = await place(tids.offered, '徐汇区', XUHUI, 9);
    ids.pudong = await place(tids.pudong, '浦东新区', PUDONG, 10);
    await eventually('one order offered and one failed', async () => {
      const counts = await board();
      return counts.offering === 1 && counts.failed === 1 ? true : undefined;
    }, 30_000);
    // Auto-dispatch off: the next orders stay open for the city-day plan.
    // (dispatch reads the switch on workforce's topic, which it already follows, well before an
    // order's way through orders' outbox.)
    await platform.dispatch.publish(autoDispatchOn('shanghai', false));
    // A few kilometres from the workers' homes, so that the plan and greedy dispatch travel.
    ids.jingan = await place(tids.jingan, '静安区', { lat: JINGAN.lat + 0.02, lng: JINGAN.lng }, 14);
    ids.xuhui = await place(tids.xuhui, '徐汇区', { lat: XUHUI.lat - 0.02, lng: XUHUI.lng }, 15);
    await eventually('two orders waiting', async () => ((await board()).waiting === 2 ? true : undefined), 30_000);
    browser = await launchChromium();
    context = await newContext(browser, DESKTOP);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.close();
  });

  const statistic = (page: Page, title: string) => page.getByRole('group', { name: title, exact: true });

  it('shows the day board, resolves a queue item with a note, and accepts a city-day plan made beside greedy dispatch', async () => {
    const { page, errors } = await signInThroughPage(context, platform.base, /王调度/);
    const base = platform.base;

    // The day board: counts per dispatch status, and the orders by district and by station.
    await page.getByRole('link', { name: '当日看板' }).click();
    await page.getByRole('heading', { name: /当日看板/ }).waitFor();
    await page.goto(`${base}/day-board?day=${day}`);
    await page.getByRole('heading', { name: /当日看板/ }).waitFor();
    for (const [title, count] of [['待派', '2'], ['邀约中', '1'], ['已派', '0'], ['派单失败', '1']] as const)
      await statistic(page, title).filter({ hasText: count }).waitFor({ timeout: 15_000 });
    const xuhui = page.getByRole('region', { name: '徐汇区（2 单）' });
    await xuhui.waitFor();
    await expect(xuhui.getByRole('list', { name: '徐汇区 邀约中' }).textContent()).resolves.toMatch(/09:00–12:00 日常保洁.*w-desk-xuhui · 剩余 \d+:\d\d/);
    await expect(xuhui.getByRole('list', { name: '徐汇区 待派' }).textContent()).resolves.toContain(tids.xuhui);
    await expect(page.getByRole('region', { name: '浦东新区（1 单）' }).getByRole('list', { name: '浦东新区 派单失败' }).textContent()).resolves.toContain(tids.pudong);
    await expect(page.getByRole('region', { name: '静安区（1 单）' }).getByRole('list', { name: '静安区 待派' }).textContent()).resolves.toContain(tids.jingan);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: '按服务站' }).click();
    await page.waitForURL(/group=station/);
    await page.getByRole('region', { name: '徐汇站（2 单）' }).waitFor();
    await page.getByRole('region', { name: '静安站（1 单）' }).waitFor();
    await expect(page.getByRole('region', { name: '未归属服务站（1 单）' }).textContent()).resolves.toContain(tids.pudong);
    await screenshot(page, 'day-board');
    await page.getByRole('link', { name: new RegExp(tids.pudong) }).click();
    await page.waitForURL(new RegExp(`/orders/${ids.pudong}`));

    // The queue: the Pudong order nobody could take, with why; resolving needs a note.
    await page.getByRole('link', { name: '待处理队列' }).click();
    await page.getByRole('heading', { name: '待处理队列' }).waitFor();
    const failedRow = page.locator(`tr[data-order-id="${ids.pudong}"]`);
    await failedRow.waitFor({ timeout: 15_000 });
    await expect(failedRow.textContent()).resolves.toMatch(/无人接单[\s\S]*不服务该区域/);
    await expect(page.locator(`tr[data-order-id="${ids.jingan}"]`).textContent()).resolves.toContain('自动派单已关闭');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dispatcher-queue');
    await failedRow.getByRole('button', { name: '标记已处理' }).click();
    await failedRow.getByText('必填').waitFor();
    await failedRow.getByLabel('处理说明').fill('浦东暂无师傅，已联系顾客改约');
    await failedRow.getByRole('button', { name: '标记已处理' }).click();
    await failedRow.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByLabel('显示已处理').click();
    await page.waitForURL(/resolved=1/);
    await page.locator(`tr[data-order-id="${ids.pudong}"]`).filter({ hasText: '已处理' }).filter({ hasText: '浦东暂无师傅，已联系顾客改约' }).waitFor({ timeout: 15_000 });

    // The city-day plan: the open orders planned at once, beside greedy dispatch; accepted.
    // The menu keeps the day the board showed.
    await page.getByRole('link', { name: '城市日计划' }).click();
    await page.getByRole('heading', { name: '城市日计划', level: 1 }).waitFor();
    await expect(page.getByLabel('日期').inputValue()).resolves.toBe(day);
    await page.getByText('还没有为这一天生成计划').waitFor();
    await page.getByRole('button', { name: '生成计划' }).click();
    await page.getByRole('heading', { name: '逐单派单（贪心）' }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: '城市日计划', level: 3 }).waitFor();
    await expect(page.getByRole('group', { name: '路程节省' }).textContent()).resolves.toMatch(/路程节省-?\d+(\.\d)?%/);
    for (const id of [ids.jingan, ids.xuhui]) await page.locator(`tr[data-order-id="${id}"]`).waitFor();
    await expect(page.locator(`tr[data-order-id="${ids.jingan}"]`).textContent()).resolves.toContain('w-desk-jingan');
    await expect(page.getByRole('list', { name: '未能安排的订单' }).textContent()).resolves.toContain(tids.pudong);
    // (the pointer off the button just clicked: antd's hover blue is lighter than the theme's)
    await page.mouse.move(600, 500);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '采纳计划' }).click();
    await page.getByRole('button', { name: '采 纳' }).or(page.getByRole('button', { name: '采纳', exact: true })).click();
    const outcome = page.getByRole('status').filter({ hasText: '已发出邀约' });
    await outcome.waitFor({ timeout: 60_000 });
    await expect(outcome.textContent()).resolves.toMatch(/已发出邀约\s*2[\s\S]*没有跳过的订单/);
    await page.getByText(/已于 .* 采纳/).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'city-day-plan');

    // The board follows: the planned workers are offered their orders.
    await page.getByRole('link', { name: '当日看板' }).click();
    await statistic(page, '邀约中').filter({ hasText: '3' }).waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
