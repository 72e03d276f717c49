import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
  dataOf,
  errorOf,
} from '../../../test/orders-harness';

const places: Record<string, { city: string; district: string; location: { lat: number; lng: number } }> = {
  shanghai: { city: 'shanghai', district: '徐汇区', location: { lat: 31.1886, lng: 121.4365 } },
  beijing: { city: 'beijing', district: '朝阳区', location: { lat: 39.9219, lng: 116.4436 } },
  hangzhou: { city: 'hangzhou', district: '西湖区', location: { lat: 30.2592, lng: 120.1304 } },
};
const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;
const boardQuery = `query($filter: OrderBoardFilter, $page: PageInput) {
  orderBoard(filter: $filter, page: $page) {
    total offset limit countsByStatus { status count }
    items { id status channel city: address { city } item { code } customer { name phone } appointment { start } }
  } }`;

describe('the order board (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest;
  let admin: string;
  /** Each order gets phone digits no other order of this run has, so a last-4 search finds it alone. */
  let nextPhone = 1000 + Math.floor(Math.random() * 4000);

  beforeAll(async () => {
    orders = await startOrders();
    admin = await orders.token('admin', 'admin-board');
  });
  afterAll(async () => {
    await orders?.close();
  });

  /** A name fragment that only this test's customers carry. */
  const tag = () => `客户${randomUUID().slice(0, 6)}`;

  async function place(
    name: string,
    options: {
      city?: string;
      itemCode?: string;
      channel?: string;
      appointment?: { start: string; end: string };
    } = {},
  ) {
    const city = options.city ?? 'shanghai';
    const window = shanghaiWindow(2);
    const phone = `1380000${nextPhone++}`;
    const input = {
      customerId: `cust-${randomUUID().slice(0, 8)}`,
      channel: options.channel ?? 'phone',
      contact: { name, phone, street: '某路 8 号' },
      address: places[city],
      itemCode: options.itemCode ?? 'HC-DAILY-3H',
      appointment: options.appointment ?? { start: window.start, end: window.end },
    };
    const { orderId } = dataOf(await orders.graphql(admin, placeOrder, { input })).placeOrder;
    return { orderId: orderId as string, phone, name };
  }

  async function board(filter: Record<string, unknown>, page?: Record<string, unknown>) {
    return dataOf(await orders.graphql(admin, boardQuery, { filter, page })).orderBoard;
  }

  /** Waits until the board holds `count` orders for a search, i.e. the read model has caught up. */
  async function settled(search: string, count: number) {
    return eventually(`${count} orders on the board for "${search}"`, async () => {
      const page = await board({ search }, { limit: 100 });
      return page.total === count && page;
    });
  }

  const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

  it('filters by status, city, channel, service item and appointment range', async () => {
    const name = tag();
    const day = (n: number) => shanghaiWindow(n).date;
    const at = (n: number, time: string) => `${day(n)}T${time}:00+08:00`;
    const window = (n: number) => ({ start: at(n, '09:00'), end: at(n, '12:00') });
    const a = await place(`${name}甲`, { city: 'shanghai', channel: 'phone', appointment: window(2) });
    const b = await place(`${name}乙`, { city: 'beijing', channel: 'mini_program', appointment: window(3) });
    const c = await place(`${name}丙`, {
      city: 'hangzhou',
      itemCode: 'HC-DEEP-6H',
      channel: 'phone',
      appointment: window(4),
    });
    const d = await place(`${name}丁`, { city: 'shanghai', channel: 'phone', appointment: window(5) });
    await settled(name, 4);
    await orders.graphql(admin, `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "test") { id } }`, {
      id: d.orderId,
    });
    await eventually('the cancelled order on the board', async () => {
      const page = await board({ search: name, status: ['cancelled'] });
      return page.total === 1;
    });

    /** The ids the board lists for a filter; its total must agree with them. */
    const only = async (filter: Record<string, unknown>) => {
      const page = await board({ search: name, ...filter });
      expect(page.total).toBe(page.items.length);
      return idsOf(page.items);
    };
    expect(await only({ status: ['placed'] })).toEqual([a.orderId, b.orderId, c.orderId]);
    expect(await only({ status: ['cancelled'] })).toEqual([d.orderId]);
    expect(await only({ status: ['cancelled', 'placed'] })).toHaveLength(4);
    expect(await only({ city: 'shanghai' })).toEqual([a.orderId, d.orderId]);
    expect(await only({ city: 'Beijing' })).toEqual([b.orderId]);
    expect(await only({ channel: 'mini_program' })).toEqual([b.orderId]);
    expect(await only({ itemCode: 'HC-DEEP-6H' })).toEqual([c.orderId]);
    expect(await only({ city: 'shanghai', status: ['placed'] })).toEqual([a.orderId]);
    // `from` includes an appointment starting exactly then; `to` excludes one starting exactly then.
    expect(await only({ from: at(3, '09:00'), to: at(5, '09:00') })).toEqual([b.orderId, c.orderId]);
    expect(await only({ from: at(4, '00:00') })).toEqual([c.orderId, d.orderId]);
    expect(await only({ to: `${day(3)}T00:00:00Z` })).toEqual([a.orderId]);
    const ranged = await board({ search: name, from: at(4, '00:00') });
    expect(ranged.countsByStatus).toEqual([
      { status: 'cancelled', count: 1 },
      { status: 'placed', count: 1 },
    ]);
  });

  it("counts the dashboard's figures on the server: orders per appointment day and channel, and per status, in the caller's scope", async () => {
    const name = tag();
    const at = (n: number, time: string) => `${shanghaiWindow(n).date}T${time}:00+08:00`;
    const window = (n: number, from = '09:00', to = '12:00') => ({ start: at(n, from), end: at(n, to) });
    // Day 6 at 00:30 Shanghai time is still day 5 in UTC: the day is Shanghai's.
    await place(`${name}甲`, { channel: 'phone', appointment: window(6, '00:30', '03:30') });
    await place(`${name}乙`, { channel: 'phone', appointment: window(6) });
    await place(`${name}丙`, { channel: 'mini_program', appointment: window(6) });
    const d = await place(`${name}丁`, { channel: 'phone', appointment: window(7) });
    await place(`${name}戊`, { city: 'beijing', channel: 'phone', appointment: window(7) });
    await settled(name, 5);
    await orders.graphql(admin, `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "test") { id } }`, { id: d.orderId });
    await eventually('the cancelled order on the board', async () => (await board({ search: name, status: ['cancelled'] })).total === 1);

    const statsQuery = `query($filter: OrderBoardFilter) { orderStats(filter: $filter) { total perDay { day channel count } byStatus { status count } } }`;
    const stats = async (token: string) => orders.graphql(token, statsQuery, { filter: { search: name } });
    expect(dataOf(await stats(admin)).orderStats).toEqual({
      total: 5,
      perDay: [
        { day: shanghaiWindow(6).date, channel: 'mini_program', count: 1 },
        { day: shanghaiWindow(6).date, channel: 'phone', count: 2 },
        { day: shanghaiWindow(7).date, channel: 'phone', count: 2 },
      ],
      byStatus: [
        { status: 'cancelled', count: 1 },
        { status: 'placed', count: 4 },
      ],
    });
    // A Beijing dispatcher counts Beijing's only; a customer has no dashboard.
    const beijing = await orders.token('dispatcher', 'disp-bj-stats', { branch: 'beijing' });
    expect(dataOf(await stats(beijing)).orderStats.total).toBe(1);
    const customer = await orders.token('customer', 'cust-stats');
    expect((await stats(customer)).errors?.[0]?.message).toMatch(/orderStats is for staff/);
  });

  it("counts a period's orders from the hourly sums and from the orders of its part-hours, as the orders themselves count", async () => {
    const name = tag();
    // A Shanghai day no other test places orders on, and the next one.
    const day = shanghaiWindow(11).date;
    const at = (hhmm: string, days = 0) => new Date(Date.parse(`${day}T${hhmm}:00+08:00`) + days * 86_400_000);
    const window = (start: Date) => ({ start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() });
    const cancelled = await place(name, { appointment: window(at('09:10')) }); // in the period's first part-hour
    await place(name, { appointment: window(at('11:00')), channel: 'mini_program' }); // whole hours
    await place(name, { appointment: window(at('23:40')) });
    await place(name, { appointment: window(at('10:15')) });
    await place(name, { appointment: window(at('00:20', 1)) }); // the next day, in the last part-hour
    await place(name, { appointment: window(at('00:45', 1)) }); // after the period
    await place(name, { appointment: window(at('13:00')), city: 'beijing' });
    await settled(name, 7);
    await orders.graphql(admin, `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "test") { id } }`, { id: cancelled.orderId });
    await eventually('the cancelled order on the board', async () => (await board({ search: name, status: ['cancelled'] })).total === 1);

    const statsQuery = `query($filter: OrderBoardFilter) { orderStats(filter: $filter) { total perDay { day channel count } byStatus { status count } } }`;
    const period = { from: at('09:05').toISOString(), to: at('00:30', 1).toISOString() };
    const stats = async (token: string, filter: Record<string, unknown>) => dataOf(await orders.graphql(token, statsQuery, { filter })).orderStats;
    const shanghai = {
      total: 5,
      perDay: [
        { day, channel: 'mini_program', count: 1 },
        { day, channel: 'phone', count: 3 },
        { day: new Date(at('00:20', 1).getTime() + 8 * 3_600_000).toISOString().slice(0, 10), channel: 'phone', count: 1 },
      ],
      byStatus: [
        { status: 'cancelled', count: 1 },
        { status: 'placed', count: 4 },
      ],
    };
    const dispatcher = await orders.token('dispatcher', 'disp-sh-hours', { branch: 'shanghai' });
    expect(await stats(dispatcher, period)).toEqual(shanghai);
    expect(await stats(admin, { ...period, branchId: 'shanghai' })).toEqual(shanghai);
    // The same orders counted one by one (a search reads the orders, not the sums).
    expect(await stats(dispatcher, { ...period, search: name })).toEqual(shanghai);
    // Every branch: Beijing's order too; a period inside one hour; whole hours only.
    expect((await stats(admin, period)).total).toBe(6);
    expect((await stats(admin, { from: at('09:05').toISOString(), to: at('09:50').toISOString() })).byStatus).toEqual([
      { status: 'cancelled', count: 1 },
    ]);
    expect((await stats(admin, { from: at('10:00').toISOString(), to: at('12:00').toISOString() })).perDay).toEqual([
      { day, channel: 'mini_program', count: 1 },
      { day, channel: 'phone', count: 1 },
    ]);
  });

  it('finds an order by its id, by part of the customer name and by the last 4 digits of the phone', async () => {
    const name = tag();
    const first = await place(`${name}王芳`);
    const second = await place(`${name}王小明`);
    await place(`${name}李娜`);
    await settled(name, 3);

    const byId = await board({ search: first.orderId.toUpperCase() });
    expect(idsOf(byId.items)).toEqual([first.orderId]);
    expect(byId.items[0].customer).toEqual({ name: first.name, phone: first.phone });

    const byName = await board({ search: `${name}王` });
    expect(idsOf(byName.items).sort()).toEqual([first.orderId, second.orderId].sort());
    // A fragment from the middle of the name, with regex characters taken literally.
    expect(idsOf((await board({ search: '小明' })).items)).toContain(second.orderId);
    expect((await board({ search: `${name}.*` })).total).toBe(0);

    const byPhone = await board({ search: second.phone.slice(-4) });
    expect(idsOf(byPhone.items)).toEqual([second.orderId]);
    expect((await board({ search: `  ${second.phone.slice(-4)}  ` })).total).toBe(1);
  });

  it('pages through the orders in appointment order, with the total and counts by status', async () => {
    const name = tag();
    const base = Date.parse(`${shanghaiWindow(6).date}T08:00:00+08:00`);
    const windowAt = (hour: number) => ({
      start: new Date(base + hour * 3600_000).toISOString(),
      end: new Date(base + (hour + 1) * 3600_000).toISOString(),
    });
    // Placed out of appointment order; two share a start, which the id breaks.
    const placed = [];
    for (const hour of [4, 0, 2, 2, 6, 1, 3])
      placed.push({ hour, ...(await place(name, { appointment: windowAt(hour) })) });
    const all = await settled(name, 7);
    const expectedOrder = [...placed]
      .sort((x, y) => x.hour - y.hour || x.orderId.localeCompare(y.orderId))
      .map((order) => order.orderId);
    expect(idsOf(all.items)).toEqual(expectedOrder);

    const pages = [];
    for (let offset = 0; offset < 7; offset += 3) {
      const page = await board({ search: name }, { offset, limit: 3 });
      expect(page).toMatchObject({ total: 7, offset, limit: 3 });
      pages.push(...idsOf(page.items));
    }
    expect(pages).toEqual(expectedOrder);
    expect((await board({ search: name }, { offset: 7, limit: 3 })).items).toEqual([]);

    // Assign one and cancel one: counts by status follow, the total follows the status filter.
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${expectedOrder[0]}`,
      'TechnicianAssigned',
      { orderId: expectedOrder[0], assignmentId: randomUUID(), workerId, workerName: '赵师傅', how: 'auto' },
    );
    await orders.graphql(admin, `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "test") { id } }`, {
      id: expectedOrder[1],
    });
    const counted = await eventually('one assigned and one cancelled order', async () => {
      const page = await board({ search: name, status: ['placed'] });
      return page.countsByStatus.length === 3 && page;
    });
    expect(counted.countsByStatus).toEqual([
      { status: 'assigned', count: 1 },
      { status: 'cancelled', count: 1 },
      { status: 'placed', count: 5 },
    ]);
    expect(counted.total).toBe(5);
    expect(idsOf(counted.items)).toEqual(expectedOrder.slice(2));
  });

  it('refuses a page larger than 100 and a date that is not an ISO instant, naming what is wrong', async () => {
    const tooBig = errorOf(await orders.graphql(admin, boardQuery, { page: { limit: 101 } }));
    expect(tooBig).toMatchObject({ code: 'BAD_USER_INPUT', field: 'page.limit' });
    expect(tooBig.message).toBe('page.limit must be between 1 and 100');
    const negative = errorOf(await orders.graphql(admin, boardQuery, { page: { offset: -1 } }));
    expect(negative).toMatchObject({ code: 'BAD_USER_INPUT', field: 'page.offset' });

    for (const from of ['2026-12-01', '2026-12-01T09:00:00', 'tomorrow', '2026-02-30T09:00:00+08:00']) {
      const response = await orders.graphql(admin, boardQuery, { filter: { from } });
      const error = errorOf(response);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('DateTime must be an ISO-8601 instant with a zone');
      expect(error.message).toContain(JSON.stringify(from));
      expect(response.data?.orderBoard ?? null).toBeNull();
    }
    const literal = await orders.graphql(admin, `{ orderBoard(filter: { to: "next week" }) { total } }`);
    expect(errorOf(literal).message).toContain('DateTime must be an ISO-8601 instant with a zone');
  });
});
