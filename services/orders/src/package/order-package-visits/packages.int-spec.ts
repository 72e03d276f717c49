import { DurableTimers } from '@platform/eventing';
import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import { FeatureSettings } from '@platform/service-kit';
import {
  startOrders,
  type OrdersUnderTest,
  dataOf,
  errorOf,
  publishForeignEvent,
} from '../../../test/orders-harness';

/** Yearly packages are a per-branch feature: workforce's switch, as its forwarder would publish it. */
async function switchYearlyPackages(orders: OrdersUnderTest, branchId: string, enabled: boolean) {
  await publishForeignEvent(`${orders.storage}.`, 'workforce', `branch-${branchId}`, 'FeatureSwitched', {
    branchId,
    businessUnit: 'home_cleaning',
    feature: 'yearly_packages',
    enabled,
    reason: 'rolled out',
  });
  await eventually('the switch to reach orders', async () =>
    orders.app.get(FeatureSettings).isEnabled(branchId, 'home_cleaning', 'yearly_packages') === enabled
      ? true
      : undefined,
  );
}
import { PACKAGE_HORIZON_TIMER } from './package-scheduler';

const DAY = 86_400_000;
const shanghai = { city: 'shanghai', district: '长宁区', location: { lat: 31.2204, lng: 121.4246 } };

/** Today in Shanghai, plus `days`, as YYYY-MM-DD. */
function shanghaiDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

const subscribe = `mutation($input: SubscribePackageInput!) { subscribePackage(input: $input) { id status customerId itemCode weekday windowFrom windowTo startDate endDate } }`;
const packagesQuery = `query($customerId: String) { packages(customerId: $customerId) {
  id status visits { visitDate orderId order { id status channel packageId appointment { start end } } } } }`;

interface Visit {
  visitDate: string;
  orderId: string;
  order: {
    id: string;
    status: string;
    channel: string;
    packageId: string;
    appointment: { start: string; end: string };
  } | null;
}

describe('yearly packages (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  const env = { PACKAGE_HORIZON_DAYS: '14' };
  let orders: OrdersUnderTest;
  let agent: string;

  beforeAll(async () => {
    orders = await startOrders(env);
    await switchYearlyPackages(orders, 'shanghai', true);
  });
  beforeEach(async () => {
    agent = await orders.token('cs_agent', 'cs-sh-1', { branch: 'shanghai' });
  });
  afterAll(async () => {
    await orders?.close();
  });

  function packageInput(customerId: string, overrides: Record<string, unknown> = {}) {
    // Starts tomorrow; the first visit falls three days from today, so the visits 3 and 10 days
    // out are inside a 14-day horizon and the one 17 days out is not.
    return {
      customerId,
      contact: {
        name: `包年客户${customerId.slice(-6)}`,
        phone: '13766668888',
        street: '长宁路 1018 号 701',
      },
      address: shanghai,
      itemCode: 'HC-DAILY-3H',
      weekday: isoWeekday(shanghaiDate(3)),
      windowFrom: '14:00',
      windowTo: '17:00',
      startDate: shanghaiDate(1),
      endDate: shanghaiDate(42),
      ...overrides,
    };
  }

  async function visitsOf(customerId: string): Promise<{ id: string; status: string; visits: Visit[] }> {
    const { packages } = dataOf(await orders.graphql(agent, packagesQuery, { customerId }));
    return packages[0];
  }

  it('orders exactly the visits inside the horizon, at the wall-clock window, and never twice across a restart', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const sold = dataOf(await orders.graphql(agent, subscribe, { input: packageInput(customerId) }));
    expect(sold.subscribePackage).toMatchObject({
      status: 'active',
      customerId,
      itemCode: 'HC-DAILY-3H',
      windowFrom: '14:00',
      windowTo: '17:00',
      startDate: shanghaiDate(1),
      endDate: shanghaiDate(42),
    });
    const packageId = sold.subscribePackage.id as string;

    const expectedDates = [shanghaiDate(3), shanghaiDate(10)];
    const ordered = await eventually('the visits within 14 days ordered and on the board', async () => {
      const pkg = await visitsOf(customerId);
      return pkg?.visits.length === expectedDates.length && pkg.visits.every((v) => v.order) && pkg;
    });
    expect(ordered.id).toBe(packageId);
    expect(ordered.visits.map((v) => v.visitDate)).toEqual(expectedDates);
    for (const visit of ordered.visits) {
      expect(visit.order).toEqual({
        id: visit.orderId,
        status: 'placed',
        channel: 'package',
        packageId,
        appointment: {
          start: new Date(`${visit.visitDate}T14:00:00+08:00`).toISOString(),
          end: new Date(`${visit.visitDate}T17:00:00+08:00`).toISOString(),
        },
      });
    }
    const customer = await orders.token('customer', customerId);
    const myOrders = `{ myOrders { total items { id packageId timeline { type } } } }`;
    const before = dataOf(await orders.graphql(customer, myOrders)).myOrders;
    expect(before.total).toBe(2);

    // The same service again, on the same storage and topics, as after a deployment.
    const { storage } = orders;
    await orders.close();
    orders = await startOrders(env, { storage });
    agent = await orders.token('cs_agent', 'cs-sh-1', { branch: 'shanghai' });

    // The horizon timer fires once more (a redelivery, the next day's wake-up): nothing is doubled.
    const timers = orders.app.get(DurableTimers);
    const rerun = `${PACKAGE_HORIZON_TIMER}:${packageId}:test-rerun`;
    await timers.schedule({
      id: rerun,
      kind: PACKAGE_HORIZON_TIMER,
      dueAt: new Date(),
      payload: { packageId },
    });
    const fired = await eventually('the re-armed horizon timer to fire on the new instance', async () => {
      const status = await timers.status(rerun);
      return status?.status === 'fired' && status;
    });
    expect(fired.lastError).toBeNull();
    // Anything the re-run had placed would be on the board by now.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const after = await visitsOf(customerId);
    expect(after.visits.map((v) => [v.visitDate, v.orderId])).toEqual(
      ordered.visits.map((v) => [v.visitDate, v.orderId]),
    );
    const afterOrders = dataOf(
      await orders.graphql(await orders.token('customer', customerId), myOrders),
    ).myOrders;
    expect(afterOrders.total).toBe(2);
    expect(afterOrders.items.map((o: { id: string }) => o.id).sort()).toEqual(
      ordered.visits.map((v) => v.orderId).sort(),
    );
    for (const order of afterOrders.items) expect(order.timeline).toEqual([{ type: 'OrderPlaced' }]);
    const board = dataOf(
      await orders.graphql(agent, `query($s: String) { orderBoard(filter: { search: $s }) { total } }`, {
        s: `包年客户${customerId.slice(-6)}`,
      }),
    );
    expect(board.orderBoard.total).toBe(2);
  });

  it('pauses and resumes a package; a cancelled one cannot be resumed', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const { id: packageId } = dataOf(
      await orders.graphql(agent, subscribe, { input: packageInput(customerId) }),
    ).subscribePackage as { id: string };
    const pause = `mutation($id: ID!) { pausePackage(packageId: $id, reason: "去外地过年") { id status } }`;
    const resume = `mutation($id: ID!) { resumePackage(packageId: $id) { id status } }`;
    const cancel = `mutation($id: ID!) { cancelPackage(packageId: $id, reason: "搬家") { id status } }`;

    expect(dataOf(await orders.graphql(agent, pause, { id: packageId })).pausePackage).toEqual({
      id: packageId,
      status: 'paused',
    });
    expect(dataOf(await orders.graphql(agent, pause, { id: packageId })).pausePackage.status).toBe('paused');
    await eventually(
      'the package shown paused',
      async () => (await visitsOf(customerId))?.status === 'paused',
    );

    expect(dataOf(await orders.graphql(agent, resume, { id: packageId })).resumePackage).toEqual({
      id: packageId,
      status: 'active',
    });
    await eventually(
      'the package shown active again',
      async () => (await visitsOf(customerId))?.status === 'active',
    );

    // Only the branch that sold it (and the customer) may change it; a missing one is not found.
    const beijing = await orders.token('cs_agent', 'cs-bj-1', { branch: 'beijing' });
    expect(errorOf(await orders.graphql(beijing, pause, { id: packageId }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(errorOf(await orders.graphql(agent, pause, { id: randomUUID() }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const customer = await orders.token('customer', customerId);
    expect(dataOf(await orders.graphql(customer, pause, { id: packageId })).pausePackage.status).toBe(
      'paused',
    );

    expect(dataOf(await orders.graphql(agent, cancel, { id: packageId })).cancelPackage.status).toBe(
      'cancelled',
    );
    const refused = errorOf(await orders.graphql(agent, resume, { id: packageId }));
    expect(refused).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'cancelled' });
    expect(refused.message).toBe('cannot resume: the package is cancelled (allowed when paused)');
  });

  it('orders the visits of a package paused at once and resumed the same day', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const subscribedFrom = new Date();
    const { id: packageId } = dataOf(
      await orders.graphql(agent, subscribe, { input: packageInput(customerId) }),
    ).subscribePackage as { id: string };
    // Paused straight away, most likely before its first horizon run, which then finds it paused.
    dataOf(
      await orders.graphql(
        agent,
        `mutation($id: ID!) { pausePackage(packageId: $id, reason: "再想想") { id } }`,
        {
          id: packageId,
        },
      ),
    );
    const timers = orders.app.get(DurableTimers);
    await eventually('the horizon run due at subscription to have fired', async () => {
      // Keyed by the UTC day on which the reaction ran: the one it started on, or the next if
      // midnight (UTC) passed meanwhile.
      const days = new Set([subscribedFrom, new Date()].map((at) => at.toISOString().slice(0, 10)));
      for (const day of days)
        if ((await timers.status(`${PACKAGE_HORIZON_TIMER}:${packageId}:${day}`))?.status === 'fired')
          return true;
      return false;
    });

    dataOf(
      await orders.graphql(agent, `mutation($id: ID!) { resumePackage(packageId: $id) { id } }`, {
        id: packageId,
      }),
    );
    const resumed = await eventually('the visits within 14 days ordered after the resume', async () => {
      const pkg = await visitsOf(customerId);
      return pkg?.visits.length === 2 && pkg.visits.every((v) => v.order) && pkg;
    });
    expect(resumed.visits.map((v) => v.visitDate)).toEqual([shanghaiDate(3), shanghaiDate(10)]);
  });

  it('sells packages for home services only', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const refused = errorOf(
      await orders.graphql(agent, subscribe, {
        input: packageInput(customerId, { itemCode: 'AS-INSTALL-WARDROBE' }),
      }),
    );
    expect(refused).toMatchObject({ code: 'ITEM_NOT_RECURRING', field: 'itemCode' });
    expect(refused.message).toBe('yearly packages are sold for home services only');
    expect(dataOf(await orders.graphql(agent, packagesQuery, { customerId })).packages).toEqual([]);
  });

  it('sells packages only where the branch has switched yearly packages on, and follows the switch live', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    await switchYearlyPackages(orders, 'shanghai', false);
    const refused = errorOf(await orders.graphql(agent, subscribe, { input: packageInput(customerId) }));
    expect(refused).toMatchObject({ code: 'FEATURE_OFF', field: 'input.address.city' });
    expect(refused.message).toContain('yearly packages are switched off for home cleaning in shanghai');
    expect(dataOf(await orders.graphql(agent, packagesQuery, { customerId })).packages).toEqual([]);
    await switchYearlyPackages(orders, 'shanghai', true);
    expect(
      dataOf(await orders.graphql(agent, subscribe, { input: packageInput(customerId) })).subscribePackage,
    ).toMatchObject({ status: 'active', customerId });
  });
});
