import { issueToken } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
  dataOf,
  errorOf,
} from '../../test/orders-harness';

const places = {
  shanghai: { city: 'shanghai', district: '徐汇区', location: { lat: 31.1886, lng: 121.4365 } },
  beijing: { city: 'beijing', district: '朝阳区', location: { lat: 39.9219, lng: 116.4436 } },
};
const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;
const boardQuery = `query($filter: OrderBoardFilter) { orderBoard(filter: $filter, page: { limit: 100 }) { total items { id branchId customer { customerId } } } }`;
const orderQuery = `query($id: ID!) { order(id: $id) { id customer { customerId name phone } } }`;

const windowIn = (days: number) => {
  const { start, end } = shanghaiWindow(days);
  return { start, end };
};

const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

describe('what each role must not see (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest;
  let admin: string;
  let streamPosition = 0;

  beforeAll(async () => {
    orders = await startOrders();
    admin = await orders.token('admin', 'admin-authz');
  });
  afterAll(async () => {
    await orders?.close();
  });

  /** Places an order as the desk of its city would, for a given customer, and waits until it is on the board. */
  async function orderFor(
    customerId: string,
    city: keyof typeof places,
    appointment = windowIn(2),
    phone = '13812345678',
  ) {
    const desk = await orders.token('cs_agent', `cs-${city}`, { branch: city });
    const input = {
      customerId,
      contact: { name: `客户 ${customerId}`, phone, street: '某路 1 号' },
      address: places[city],
      itemCode: 'HC-DAILY-3H',
      appointment,
    };
    const { orderId } = dataOf(await orders.graphql(desk, placeOrder, { input })).placeOrder;
    await eventually(`order ${orderId} on the board`, async () => {
      const { data } = await orders.graphql(admin, boardQuery, { filter: { search: orderId } });
      return data?.orderBoard.total === 1;
    });
    return orderId as string;
  }

  async function assign(orderId: string, workerId: string) {
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianAssigned',
      { orderId, assignmentId: randomUUID(), workerId, workerName: '李师傅', how: 'auto' },
      streamPosition++,
    );
    await eventually(`order ${orderId} assigned to ${workerId}`, async () => {
      const { data } = await orders.graphql(await orders.token('worker', workerId), orderQuery, {
        id: orderId,
      });
      return data?.order?.id === orderId;
    });
  }

  it('shows a customer their own orders only', async () => {
    const me = `cust-${randomUUID().slice(0, 8)}`;
    const someoneElse = `cust-${randomUUID().slice(0, 8)}`;
    const mine = [await orderFor(me, 'shanghai'), await orderFor(me, 'beijing', windowIn(3))];
    const theirs = await orderFor(someoneElse, 'shanghai');
    const customer = await orders.token('customer', me);

    const board = dataOf(await orders.graphql(customer, boardQuery)).orderBoard;
    expect(board.total).toBe(2);
    expect(ids(board.items)).toEqual([...mine].sort());
    const searched = dataOf(await orders.graphql(customer, boardQuery, { filter: { search: theirs } }));
    expect(searched.orderBoard).toEqual({ total: 0, items: [] });

    const myOrders = dataOf(await orders.graphql(customer, `{ myOrders { total items { id } } }`)).myOrders;
    expect(myOrders.total).toBe(2);
    expect(ids(myOrders.items)).toEqual([...mine].sort());

    const other = await orders.graphql(customer, orderQuery, { id: theirs });
    expect(other.errors).toBeUndefined();
    expect(other.data?.order).toBeNull();
    const own = dataOf(await orders.graphql(customer, orderQuery, { id: mine[0] }));
    expect(own.order.customer).toEqual({ customerId: me, name: `客户 ${me}`, phone: '13812345678' });
  });

  it("shows a worker their own jobs only, with the customer's phone masked until near the job", async () => {
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    const worker = await orders.token('worker', workerId);
    const soonStart = new Date(Date.now() + 65 * 60_000);
    const soon = await orderFor(
      `cust-${randomUUID().slice(0, 8)}`,
      'shanghai',
      { start: soonStart.toISOString(), end: new Date(soonStart.getTime() + 3 * 3600_000).toISOString() },
      '13911115678',
    );
    const later = await orderFor(`cust-${randomUUID().slice(0, 8)}`, 'shanghai', windowIn(3), '13822225678');
    const notMine = await orderFor(`cust-${randomUUID().slice(0, 8)}`, 'shanghai');
    const unassigned = await orderFor(`cust-${randomUUID().slice(0, 8)}`, 'shanghai');
    await assign(soon, workerId);
    await assign(later, workerId);
    await assign(notMine, `worker-${randomUUID().slice(0, 8)}`);

    const jobs = dataOf(
      await orders.graphql(worker, `{ myJobs { total items { id customer { phone } } } }`),
    ).myJobs;
    expect(jobs).toEqual({
      total: 2,
      items: [
        { id: soon, customer: { phone: '13911115678' } },
        { id: later, customer: { phone: '138****5678' } },
      ],
    });
    const board = dataOf(await orders.graphql(worker, boardQuery)).orderBoard;
    expect(ids(board.items)).toEqual([soon, later].sort());

    for (const hidden of [notMine, unassigned]) {
      const response = await orders.graphql(worker, orderQuery, { id: hidden });
      expect(response.data?.order).toBeNull();
    }
    const detail = dataOf(await orders.graphql(worker, orderQuery, { id: later })).order;
    expect(detail.customer.phone).toBe('138****5678');

    // The delivery log to partner channels is for the order desk only.
    const callbacks = await orders.graphql(
      worker,
      `query($id: ID!) { order(id: $id) { channelCallbacks { status } } }`,
      {
        id: later,
      },
    );
    expect(errorOf(callbacks)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps branches apart: a beijing dispatcher sees and places nothing in shanghai', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const shanghaiOrder = await orderFor(customerId, 'shanghai');
    const beijingOrder = await orderFor(customerId, 'beijing');
    const beijing = await orders.token('dispatcher', 'disp-bj', { branch: 'beijing' });

    const board = dataOf(await orders.graphql(beijing, boardQuery)).orderBoard;
    expect(board.items.map((item: { branchId: string }) => item.branchId)).not.toContain('shanghai');
    expect(ids(board.items)).toContain(beijingOrder);
    for (const filter of [{ search: shanghaiOrder }, { branchId: 'shanghai' }, { city: 'shanghai' }]) {
      const filtered = dataOf(await orders.graphql(beijing, boardQuery, { filter })).orderBoard;
      expect(filtered).toEqual({ total: 0, items: [] });
    }
    expect((await orders.graphql(beijing, orderQuery, { id: shanghaiOrder })).data?.order).toBeNull();

    const placed = await orders.graphql(beijing, placeOrder, {
      input: {
        customerId,
        contact: { name: '越权', phone: '13800000000', street: '某路 2 号' },
        address: places.shanghai,
        itemCode: 'HC-DAILY-3H',
        appointment: windowIn(2),
      },
    });
    const refused = errorOf(placed);
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('a dispatcher of branch beijing cannot place orders in shanghai');

    const noBranch = await orders.token('dispatcher', 'disp-nowhere');
    const unscoped = errorOf(await orders.graphql(noBranch, boardQuery));
    expect(unscoped).toMatchObject({ code: 'FORBIDDEN', message: 'a dispatcher token needs a branch claim' });
  });

  it('turns away roles without access to orders, and callers without a valid token', async () => {
    for (const role of ['live_ops', 'host'] as const) {
      const response = await orders.graphql(await orders.token(role, `${role}-1`), boardQuery);
      expect(errorOf(response)).toMatchObject({
        code: 'FORBIDDEN',
        message: `${role} has no access to orders`,
      });
      expect(response.data?.orderBoard ?? null).toBeNull();
    }

    const anonymous = await orders.graphql(undefined, boardQuery);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    expect(errorOf(anonymous).message).toContain('missing Authorization: Bearer <token>');

    const otherKey = {
      secret: 'not-the-platform-secret-but-just-as-long-0123456789',
      isDevelopmentDefault: false,
    };
    const forged = await issueToken(otherKey, { sub: 'admin-1', role: 'admin' });
    expect(errorOf(await orders.graphql(forged, boardQuery))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });

    // A customer's genuine token, its payload edited to claim the admin role.
    const genuine = await orders.token('customer', 'cust-tamper');
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'),
      signature,
    ].join('.');
    expect(errorOf(await orders.graphql(tampered, boardQuery)).code).toBe('UNAUTHENTICATED');
  });

  it('lets only admins change the catalogue, and shows customers published items only', async () => {
    const code = `HC-TEST-${randomUUID().slice(0, 6).toUpperCase()}`;
    const input = {
      code,
      nameZh: '阳台清洁',
      nameEn: 'Balcony cleaning',
      line: 'home_services',
      category: 'daily_cleaning',
      standard: [{ area: '阳台 Balcony', criteria: ['地面无尘 Floor dust-free'] }],
      expectedMinutes: 60,
      qualification: 'housekeeping',
      basePriceMinor: 8800,
      cities: ['Shanghai'],
    };
    const draft = `mutation($input: CatalogueItemInput!) { draftCatalogueItem(input: $input) { code status cities } }`;
    const publish = `mutation($code: String!) { publishCatalogueItem(code: $code) { code status } }`;
    const dispatcher = await orders.token('dispatcher', 'disp-sh', { branch: 'shanghai' });
    const denied = errorOf(await orders.graphql(dispatcher, draft, { input }));
    expect(denied).toMatchObject({ code: 'FORBIDDEN' });
    expect(denied.message).toContain('dispatcher may not change the service catalogue');

    expect(dataOf(await orders.graphql(admin, draft, { input })).draftCatalogueItem).toEqual({
      code,
      status: 'draft',
      cities: ['shanghai'],
    });
    expect(errorOf(await orders.graphql(dispatcher, publish, { code })).code).toBe('FORBIDDEN');

    const customer = await orders.token('customer', `cust-${randomUUID().slice(0, 8)}`);
    const browse = `query($code: String!) { catalogue(city: "shanghai") { code status } catalogueItem(code: $code) { code status } }`;
    // Staff see drafts too: the seed item must show as published, as customers will be shown it.
    await eventually('the draft and the published seed catalogue in the staff catalogue', async () => {
      const { data } = await orders.graphql(admin, browse, { code });
      return (
        data?.catalogueItem?.status === 'draft' &&
        data.catalogue.some(
          (item: { code: string; status: string }) =>
            item.code === 'HC-DAILY-3H' && item.status === 'published',
        )
      );
    });
    const hidden = dataOf(await orders.graphql(customer, browse, { code }));
    expect(hidden.catalogueItem).toBeNull();
    expect(hidden.catalogue.map((item: { code: string }) => item.code)).not.toContain(code);
    expect(hidden.catalogue.map((item: { code: string }) => item.code)).toContain('HC-DAILY-3H');
    expect(hidden.catalogue.every((item: { status: string }) => item.status === 'published')).toBe(true);

    expect(dataOf(await orders.graphql(admin, publish, { code })).publishCatalogueItem).toEqual({
      code,
      status: 'published',
    });
    const shown = await eventually('the published item in the customer’s catalogue', async () => {
      const { data } = await orders.graphql(customer, browse, { code });
      return data?.catalogueItem ? data : undefined;
    });
    expect(shown.catalogueItem).toEqual({ code, status: 'published' });
    expect(shown.catalogue).toContainEqual({ code, status: 'published' });
  });
});
