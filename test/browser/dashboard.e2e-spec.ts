import { eventually } from '@platform/eventing/testing';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { activeWorker, autoDispatchOn } from '../../services/dispatch/test/dispatch-harness';
import { shanghaiWeek } from '../../services/dispatch/src/read-models/dispatch-stats/dispatch-stats.queries';
import { shanghaiWindow, tmallOrder } from '../../services/orders/test/orders-harness';
import { DESKTOP, screenshot, seriousViolations } from './chromium';
import { startConsolePlatform, type PlatformUnderTest } from './platform';
import { SignedInBrowser, type Person } from './sign-in';

const JINGAN = { lat: 31.2286, lng: 121.4521 };
const PUDONG = { lat: 31.2215, lng: 121.5443 };

type Dispatch = { status: string; openOffer: { offerId: string; workerId: string } | null };
type Answer = { data?: { order?: { dispatch: Dispatch | null } | null }; errors?: unknown[] };

/**
 * The dashboard in headless Chromium against the real platform: a day of Shanghai orders, two
 * taken at the first offer, one nobody may take, one assigned by hand, and what the Shanghai and
 * the Beijing dispatcher each see of it.
 */
describe('operations dashboard in a real browser', () => {
  let platform: PlatformUnderTest;
  let people: SignedInBrowser;
  let base: string;
  const window = (from: string, to: string) => shanghaiWindow(2, from, to);
  const day = window('09:00', '12:00').date;
  const workers = ['w-dash-a', 'w-dash-b'];

  beforeAll(async () => {
    platform = await startConsolePlatform();
    base = platform.base;
    await platform.dispatch.publish(
      autoDispatchOn(),
      ...workers.flatMap((w) => activeWorker(w, { home: JINGAN, areas: ['jingan'], stationId: 'sh-jingan' })),
    );
    people = await SignedInBrowser.launch(base);
  }, 180_000);

  afterAll(async () => {
    await people?.close();
    await platform?.close();
  });

  const signedIn = (options: BrowserContextOptions, person: Person) => people.signedIn(options, person);
  const graph = async (token: string, query: string, variables: Record<string, unknown>) => {
    const answer = (await graphqlPost(platform.gateway.url, query, { token, variables })) as Answer;
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!;
  };
  const place = async (tid: string, from: string, to: string, where = JINGAN, district = '静安区') => {
    const w = window(from, to);
    const sent = await platform.orders.webhook(
      'tmall',
      tmallOrder({ tid, serviceStart: w.start, serviceEnd: w.end, latitude: where.lat, longitude: where.lng, receiverDistrict: district }),
    );
    expect(sent.status).toBe(201);
    return String(sent.body.orderId);
  };

  it("shows the Shanghai dispatcher the day's dispatch in figures and charts; the Beijing dispatcher none of it", async () => {
    const dispatcher = await tokenFor({ sub: 'demo-dispatcher-sh', role: 'dispatcher', branch: 'shanghai' });
    const dispatchOf = (orderId: string) =>
      eventually(`order ${orderId.slice(0, 8)} in dispatch`, async () => {
        const data = await graph(dispatcher, `query($id: ID!) { order(id: $id) { dispatch { status openOffer { offerId workerId } } } }`, { id: orderId });
        return data.order?.dispatch ?? undefined;
      });
    const offered = (orderId: string) =>
      eventually(`an offer for ${orderId.slice(0, 8)}`, async () => (await dispatchOf(orderId)).openOffer ?? undefined);
    const accept = async (orderId: string) => {
      const offer = await offered(orderId);
      const worker = await tokenFor({ sub: offer.workerId, role: 'worker' });
      await graph(worker, `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`, { o: offer.offerId });
    };
    const tag = `TM-DASH-${Date.now()}`;
    // Two taken at the first offer.
    await accept(await place(`${tag}-1`, '08:00', '10:00'));
    await accept(await place(`${tag}-2`, '11:00', '13:00'));
    // Out of every worker's area: nobody may take it.
    const failed = await place(`${tag}-3`, '09:00', '11:00', PUDONG, '浦东新区');
    await eventually('the failed dispatch', async () => ((await dispatchOf(failed)).status === 'failed' ? true : undefined));
    // Assigned by hand while its offer is open.
    const manual = await place(`${tag}-4`, '15:00', '17:00');
    const open = await offered(manual);
    await graph(dispatcher, `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "熟客指定") { workerId } }`, {
      o: manual,
      w: workers.find((w) => w !== open.workerId),
    });

    const { page, errors } = await signedIn(DESKTOP, /王调度/);
    const open_ = async (p: Page) => {
      await p.goto(`${base}/dashboard?from=${day}&to=${day}`);
      await p.getByRole('heading', { name: '运营看板' }).waitFor();
    };
    const figure = (p: Page, title: string) =>
      p.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content');
    const chart = (p: Page, title: string) => p.getByRole('img', { name: new RegExp(`^${title}`) });
    await open_(page);
    // The read models catch up behind the graph: the page asks again when opened again.
    await eventually('the four orders counted on the dashboard', async () => {
      if ((await figure(page, '已派出').textContent()) === '75%') return true;
      await open_(page);
      return undefined;
    });
    expect(await figure(page, '订单总数').textContent()).toBe('4');
    await page.getByText('3 / 4 单已有工人').waitFor();
    expect(await figure(page, '下单到派出（中位数）').textContent()).toMatch(/^\d+ 秒$/);
    expect(await figure(page, 'SLA 超时').textContent()).toBe('0');

    const outcomes = await chart(page, '派单结果').getAttribute('aria-label');
    expect(outcomes).toContain('首次邀约即接单 2');
    expect(outcomes).toContain('人工指派 1');
    expect(outcomes).toContain('派单失败 1');
    expect(await chart(page, '未派原因').getAttribute('aria-label')).toMatch(/不在服务区域 \d+/);
    expect(await chart(page, '派出用时分布').getAttribute('aria-label')).toContain('1 分钟内 3');
    expect(await chart(page, '下单到派出用时').getAttribute('aria-label')).toContain(`${day.slice(5)} 中位数`);
    // No missed target: "no data" rather than empty axes.
    const sla = page.locator('.ant-card').filter({ hasText: 'SLA 超时（按分公司' });
    await sla.getByText('该时段没有数据').waitFor();
    // The week's load: the three jobs of three hours... if the day is in this Shanghai week.
    const load = page.locator('.ant-card').filter({ hasText: '本周工人负荷' });
    if (shanghaiWeek(new Date()).days.includes(day)) {
      const label = (await load.getByRole('img').getAttribute('aria-label')) ?? '';
      const jobs = [...label.matchAll(/(\d+) 单/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(jobs).toBe(3);
    } else await load.getByText('该时段没有数据').waitFor();
    await page.getByRole('img', { name: /^每日订单（按渠道）/ }).locator('canvas').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');
    await load.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-dispatch');
    expect(errors).toEqual([]);

    // Beijing's dispatcher, the same day: none of Shanghai's figures.
    const { page: beijing, errors: beijingErrors } = await signedIn(DESKTOP, /李调度/);
    await open_(beijing);
    await beijing.getByText('0 / 0 单已有工人').waitFor();
    expect(await figure(beijing, '订单总数').textContent()).toBe('0');
    expect(await figure(beijing, 'SLA 超时').textContent()).toBe('0');
    expect(await beijing.getByText('该时段没有数据').count()).toBeGreaterThanOrEqual(6);
    expect(await beijing.locator('canvas').count()).toBe(0);
    expect(beijingErrors).toEqual([]);
  }, 240_000);
});
