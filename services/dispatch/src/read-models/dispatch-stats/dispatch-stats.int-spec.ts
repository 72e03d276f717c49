import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  activeWorker,
  autoDispatchOn,
  cstDayAhead,
  dataOf,
  errorOf,
  orderPlaced,
  startDispatch,
  type DispatchUnderTest,
} from '../../../test/dispatch-harness';
import { DEFAULT_POLICY_SETTINGS } from '../../world/domain/branch-policy';
import { shanghaiWeek } from './dispatch-stats.queries';

const STATS = `query($f: DispatchStatsFilter!) { dispatchStats(filter: $f) {
  orders assigned medianSecondsToAssign slaBreaches
  outcomes { outcome count } reasons { rule workers }
  timeToAssign { day orders medianSeconds p90Seconds } timeToAssignBuckets { bucket count }
  slaBreachesPerDay { branchId day accept arrive finish }
  weekLoad { days workerCount load { workerId day jobs minutes } } } }`;

const iso = (ms: number) => new Date(ms).toISOString();

describe('dispatchStats on the real servers: a seeded day counted in the caller’s scope', () => {
  let d: DispatchUnderTest;
  let dispatcher: string;
  let admin: string;
  const w = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;
  const near = w('w-near');
  const mid = w('w-mid');
  const late = w('w-late');
  const day = cstDayAhead(2).day;
  const period = { from: `${day}T00:00:00+08:00`, to: `${cstDayAhead(3).day}T00:00:00+08:00` };

  beforeAll(async () => {
    d = await startDispatch();
    dispatcher = await d.token('dispatcher', 'disp-sh', { branch: 'shanghai' });
    admin = await d.token('admin', 'admin-1');
    await d.publish(
      autoDispatchOn(),
      autoDispatchOn('wuxi', false),
      ...activeWorker(near, { home: { lat: 31.1885, lng: 121.4365 } }),
      ...activeWorker(mid, { home: { lat: 31.2204, lng: 121.4241 } }),
      ...activeWorker(late, { branchId: 'wuxi' }),
    );
  });
  afterAll(() => d?.close());

  const dispatchOf = async (orderId: string) =>
    dataOf(
      await d.graphql(
        dispatcher,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { dispatch { status openOffer { offerId workerId } } } } }`,
        { r: [{ __typename: 'Order', id: orderId }] },
      ),
    )._entities[0].dispatch;
  const offered = (orderId: string) =>
    eventually(`an offer for ${orderId.slice(0, 8)}`, async () => (await dispatchOf(orderId))?.openOffer ?? undefined);
  const answer = async (offer: { offerId: string; workerId: string }, how: 'accept' | 'decline') => {
    const worker = await d.token('worker', offer.workerId);
    const mutation =
      how === 'accept'
        ? `mutation($o: ID!) { acceptOffer(offerId: $o) { status } }`
        : `mutation($o: ID!) { declineOffer(offerId: $o, reason: "busy") { status } }`;
    dataOf(await d.graphql(worker, mutation, { o: offer.offerId }));
  };
  const stats = async (token: string, filter: Record<string, unknown>) =>
    dataOf(await d.graphql(token, STATS, { f: filter })).dispatchStats;

  it('counts outcomes, failure reasons, time to assignment, the week’s load and missed targets per branch', async () => {
    // First offer accepted.
    const first = randomUUID();
    await d.publish(orderPlaced(first, day, 9));
    await answer(await offered(first), 'accept');
    // Declined once, then accepted by the next worker.
    const second = randomUUID();
    await d.publish(orderPlaced(second, day, 14));
    const declined = await offered(second);
    await answer(declined, 'decline');
    const retried = await eventually('the second offer', async () => {
      const offer = (await dispatchOf(second))?.openOffer;
      return offer && offer.offerId !== declined.offerId ? offer : undefined;
    });
    await answer(retried, 'accept');
    // Nobody is qualified: dispatch fails, both workers ruled out for it.
    const failed = randomUUID();
    await d.publish(orderPlaced(failed, day, 10, { itemCode: 'AC-REPAIR' }));
    await eventually('the failure', async () => ((await dispatchOf(failed))?.status === 'failed' ? true : undefined));
    // A dispatcher assigns by hand while an offer is open.
    const manual = randomUUID();
    await d.publish(orderPlaced(manual, day, 18));
    const open = await offered(manual);
    const other = open.workerId === near ? mid : near;
    dataOf(
      await d.graphql(
        dispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "customer asked") { workerId } }`,
        { o: manual, w: other },
      ),
    );

    const shanghai = await eventually('the four orders counted', async () => {
      const s = await stats(dispatcher, period);
      return s.orders === 4 && s.assigned === 3 && s.outcomes.length === 4 ? s : undefined;
    });
    expect(shanghai.outcomes).toEqual(
      expect.arrayContaining([
        { outcome: 'first_offer', count: 1 },
        { outcome: 'after_passes', count: 1 },
        { outcome: 'manual', count: 1 },
        { outcome: 'failed', count: 1 },
      ]),
    );
    expect(shanghai.reasons).toContainEqual({ rule: 'not_eligible_for_item', workers: 2 });
    expect(shanghai.timeToAssign).toEqual([
      expect.objectContaining({ day, orders: 3, medianSeconds: expect.any(Number) }),
    ]);
    expect(shanghai.medianSecondsToAssign).toBeLessThan(60);
    expect(shanghai.timeToAssignBuckets).toContainEqual({ bucket: 'under_1m', count: 3 });
    expect(shanghai.slaBreaches).toBe(0);
    // Three jobs of three hours on the day, shared by the workers who hold them.
    const week = shanghaiWeek(new Date());
    expect(shanghai.weekLoad.days).toEqual(week.days);
    if (week.days.includes(day)) {
      const load: { workerId: string; day: string; jobs: number; minutes: number }[] = shanghai.weekLoad.load;
      expect(load.every((l) => l.day === day && [near, mid].includes(l.workerId))).toBe(true);
      expect(load.reduce((sum, l) => sum + l.jobs, 0)).toBe(3);
      expect(load.reduce((sum, l) => sum + l.minutes, 0)).toBe(3 * 180);
      expect(shanghai.weekLoad.workerCount).toBe(load.length);
    } else expect(shanghai.weekLoad.load).toEqual([]);

    // Wuxi: assigned by hand, nobody arrives by the window's start (no grace): an arrival missed.
    dataOf(
      await d.graphql(
        admin,
        `mutation($i: DispatchPolicyInput!) { setDispatchPolicy(branchId: "wuxi", input: $i, reason: "strict arrival") { version } }`,
        {
          i: {
            ...DEFAULT_POLICY_SETTINGS,
            sla: { acceptMinutes: 30, arriveGraceMinutes: 0, finishGraceMinutes: 0 },
            reminders: { beforeStartMinutes: 0, beforeEndMinutes: 0 },
          },
        },
      ),
    );
    const wuxiOrder = randomUUID();
    const start = Date.now() + 5000;
    await d.publish(
      orderPlaced(wuxiOrder, '', 0, { branchId: 'wuxi', window: { start: iso(start), end: iso(start + 3 * 3600_000) } }),
    );
    const wuxiDispatcher = await d.token('dispatcher', 'disp-wx', { branch: 'wuxi' });
    await eventually('the wuxi order in dispatch', async () => {
      const answer = await d.graphql(
        wuxiDispatcher,
        `mutation($o: ID!, $w: ID!) { assignWorker(orderId: $o, workerId: $w, reason: "only one") { workerId } }`,
        { o: wuxiOrder, w: late },
      );
      return answer.errors ? undefined : true;
    });
    const today = { from: iso(start - 86_400_000), to: iso(start + 86_400_000) };
    const wuxi = await eventually(
      'the missed arrival counted',
      async () => {
        const s = await stats(admin, { ...today, branchId: 'wuxi' });
        return s.slaBreaches === 1 ? s : undefined;
      },
      30_000,
    );
    expect(wuxi).toMatchObject({ orders: 1, assigned: 1, outcomes: [{ outcome: 'manual', count: 1 }] });
    expect(wuxi.slaBreachesPerDay).toEqual([
      { branchId: 'wuxi', day: expect.any(String), accept: 0, arrive: 1, finish: 0 },
    ]);

    // Scope: a Shanghai dispatcher sees none of Wuxi's, and may not ask for it; an admin sees all.
    expect((await stats(dispatcher, today)).slaBreaches).toBe(0);
    expect(errorOf(await d.graphql(dispatcher, STATS, { f: { ...today, branchId: 'wuxi' } }))).toMatchObject({ code: 'FORBIDDEN' });
    const all = await stats(admin, { from: today.from, to: period.to });
    expect(all.orders).toBe(5);
    expect(all.slaBreachesPerDay.map((b: { branchId: string }) => b.branchId)).toEqual(['wuxi']);
    const worker = await d.token('worker', near);
    expect(errorOf(await d.graphql(worker, STATS, { f: period }))).toMatchObject({ code: 'FORBIDDEN' });
  }, 120_000);
});
