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

    // A dispatcher without a branch gets no token at all (test/subgraph-edge.int-spec.ts: nor is a forged one accepted).
    await expect(orders.token('dispatcher', 'disp-nowhere')).rejects.toThrow(
      'a dispatcher token needs a branch claim',
    );
  });

  /** Workforce announces a worker at a station of Shanghai (or moves them to another). */
  async function workerAt(workerId: string, stationId: string, moved?: string) {
    const streamId = `worker-${workerId}`;
    if (moved) {
      const data = { workerId, fromStationId: stationId, toStationId: moved, branchId: 'shanghai' };
      await publishForeignEvent(`${orders.storage}.`, 'workforce', streamId, 'WorkerMovedStation', data, 1);
      return;
    }
    await publishForeignEvent(`${orders.storage}.`, 'workforce', streamId, 'WorkerApplied', {
      workerId,
      profileId: randomUUID(),
      branchId: 'shanghai',
      stationId,
      jobTypes: ['HK-101'],
      languages: ['zh'],
      experienceYears: 2,
      homeLocation: places.shanghai.location,
      serviceAreas: ['xuhui'],
    });
  }

  /** Dispatch offers an order to a worker, or the offer is answered (declined). */
  async function offer(orderId: string, workerId: string, offerId = randomUUID(), declined = false) {
    const data = declined
      ? { orderId, offerId, workerId, reason: 'too far' }
      : { orderId, offerId, workerId, rank: 1, decisionId: randomUUID(), expiresAt: windowIn(1).start };
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      declined ? 'OfferDeclined' : 'OfferMade',
      data,
      streamPosition++,
    );
    return offerId;
  }

  it("shows a station leader the orders their station's workers hold or are offered now, as dispatch does", async () => {
    const tag = randomUUID().slice(0, 8);
    const [xuhui, pudong] = [`sh-xuhui-${tag}`, `sh-pudong-${tag}`];
    const [ours, oursToo, theirs] = [`w-x1-${tag}`, `w-x2-${tag}`, `w-p1-${tag}`];
    await workerAt(ours, xuhui);
    await workerAt(oursToo, xuhui);
    await workerAt(theirs, pudong);
    const held = await orderFor(`cust-${tag}-1`, 'shanghai', windowIn(2), '13811111111');
    const offered = await orderFor(`cust-${tag}-2`, 'shanghai', windowIn(2), '13822222222');
    const elsewhere = await orderFor(`cust-${tag}-3`, 'shanghai');
    const unassigned = await orderFor(`cust-${tag}-4`, 'shanghai');
    await assign(held, ours);
    await assign(elsewhere, theirs);
    const offerId = await offer(offered, oursToo);

    const leader = await orders.token('station_leader', `leader-${tag}`, {
      branch: 'shanghai',
      station: xuhui,
    });
    const boardIds = async () => ids(dataOf(await orders.graphql(leader, boardQuery)).orderBoard.items);
    await eventually(
      'the held and the offered order on the leader’s board',
      async () => JSON.stringify(await boardIds()) === JSON.stringify([held, offered].sort()),
    );
    for (const hidden of [elsewhere, unassigned])
      expect((await orders.graphql(leader, orderQuery, { id: hidden })).data?.order).toBeNull();

    // The job their worker holds is theirs to answer for; an offer not yet taken shows no contact.
    const contactQuery = `query($id: ID!) { order(id: $id) { customer { name phone } address { street location { lat } } } }`;
    expect(dataOf(await orders.graphql(leader, contactQuery, { id: held })).order).toEqual({
      customer: { name: `客户 cust-${tag}-1`, phone: '13811111111' },
      address: { street: '某路 1 号', location: { lat: places.shanghai.location.lat } },
    });
    expect(dataOf(await orders.graphql(leader, contactQuery, { id: offered })).order).toEqual({
      customer: { name: `客户 cust-${tag}-2`, phone: '138****2222' },
      address: { street: '', location: null },
    });
    // The worker offered the job sees it too (as in dispatch), without the customer's contact.
    const offeredWorker = await orders.token('worker', oursToo);
    expect(dataOf(await orders.graphql(offeredWorker, contactQuery, { id: offered })).order).toEqual({
      customer: { name: `客户 cust-${tag}-2`, phone: '138****2222' },
      address: { street: '', location: null },
    });
    expect(
      dataOf(await orders.graphql(offeredWorker, `{ myJobs(includeFinished: true) { total } }`)).myJobs,
    ).toEqual({
      total: 0,
    });

    // Declined: no longer involved. Moved to the leader's station: now theirs.
    await offer(offered, oursToo, offerId, true);
    await workerAt(theirs, pudong, xuhui);
    await eventually(
      'the board after the decline and the move',
      async () => JSON.stringify(await boardIds()) === JSON.stringify([held, elsewhere].sort()),
    );
  });

  it("shows finance, legal and QA every branch's orders without the customer's name, phone or address", async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const orderId = await orderFor(customerId, 'beijing', windowIn(2), '13933334444');
    const query = `query($id: ID!) { order(id: $id) { id branchId customer { customerId name phone } address { city district street location { lat } } } }`;
    for (const role of ['finance', 'legal', 'qa_inspector'] as const) {
      const seen = dataOf(
        await orders.graphql(await orders.token(role, `${role}-1`), query, { id: orderId }),
      );
      expect({ role, order: seen.order }).toEqual({
        role,
        order: {
          id: orderId,
          branchId: 'beijing',
          customer: { customerId, name: '客**', phone: '139****4444' },
          address: { city: 'beijing', district: places.beijing.district, street: '', location: null },
        },
      });
    }
    const desk = dataOf(await orders.graphql(admin, query, { id: orderId })).order;
    expect(desk.customer.phone).toBe('13933334444');
    expect(desk.address.street).toBe('某路 1 号');
  });

  it("shows finance, legal and QA neither the signer's name nor the notes, and refuses them a search by name or phone", async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const desk = await orders.token('cs_agent', 'cs-beijing', { branch: 'beijing' });
    const input = {
      customerId,
      contact: { name: '周敏', phone: '13955556666', street: '某路 9 号' },
      address: places.beijing,
      itemCode: 'HC-APPLIANCE-AC',
      // Check-in opens an hour before the start: a few seconds after placing.
      appointment: {
        start: new Date(Date.now() + 60 * 60_000 + 3_000).toISOString(),
        end: new Date(Date.now() + 150 * 60_000).toISOString(),
      },
      notes: '门禁 1234#，到了打 13955556666',
    };
    const { orderId } = dataOf(await orders.graphql(desk, placeOrder, { input })).placeOrder;
    const workerId = `w-${randomUUID().slice(0, 8)}`;
    await assign(orderId, workerId);
    const worker = await orders.token('worker', workerId);
    await eventually('the worker checked in once the window opened', async () => {
      const { data } = await orders.graphql(
        worker,
        `mutation($id: ID!, $p: GeoPointInput!) { checkIn(orderId: $id, position: $p) { id } }`,
        { id: orderId, p: places.beijing.location },
      );
      return !!data?.checkIn;
    });
    for (const key of ['1.1', '1.2', '1.3'])
      dataOf(
        await orders.graphql(
          worker,
          `mutation($id: ID!, $key: String!) { recordChecklistItem(orderId: $id, key: $key, done: true) { id } }`,
          { id: orderId, key },
        ),
      );
    const file = await orders.upload(worker, 'signature');
    dataOf(
      await orders.graphql(
        worker,
        `mutation($id: ID!, $file: String!) { collectSignature(orderId: $id, signatureFileId: $file, signerName: "周敏") { id } }`,
        { id: orderId, file },
      ),
    );
    const query = `query($id: ID!) { order(id: $id) { notes job { signature { signerName } } } }`;
    await eventually('the signature on the order', async () => {
      const { data } = await orders.graphql(admin, query, { id: orderId });
      return data?.order.job.signature?.signerName === '周敏' && data.order.notes === input.notes;
    });
    for (const role of ['finance', 'legal', 'qa_inspector'] as const) {
      const token = await orders.token(role, `${role}-1`);
      expect({ role, order: dataOf(await orders.graphql(token, query, { id: orderId })).order }).toEqual({
        role,
        order: { notes: '', job: { signature: { signerName: '周**' } } },
      });
      for (const search of ['周敏', '6666']) {
        const refused = errorOf(await orders.graphql(token, boardQuery, { filter: { search } }));
        expect({ role, search, refused }).toMatchObject({
          role,
          search,
          refused: { code: 'FORBIDDEN', field: 'filter.search' },
        });
      }
      const byId = dataOf(await orders.graphql(token, boardQuery, { filter: { search: orderId } }));
      expect(ids(byId.orderBoard.items)).toEqual([orderId]);
    }
  });

  it('lets only the webhook place partner-channel orders: each role places through its own channels', async () => {
    const input = (channel?: string) => ({
      ...(channel ? { channel } : {}),
      contact: { name: '渠道', phone: '13800000001', street: '某路 3 号' },
      address: places.shanghai,
      itemCode: 'HC-DAILY-3H',
      appointment: windowIn(2),
    });
    const me = `cust-${randomUUID().slice(0, 8)}`;
    const customer = await orders.token('customer', me);
    const desk = await orders.token('cs_agent', 'cs-channels', { branch: 'shanghai' });
    const refusals = [
      [customer, 'douyin_live', 'a customer places orders through app or mini_program, not douyin_live'],
      [customer, 'phone', 'a customer places orders through app or mini_program, not phone'],
      [desk, 'tmall', 'a cs_agent places orders through phone or walk_in, not tmall'],
      [desk, 'app', 'a cs_agent places orders through phone or walk_in, not app'],
    ] as const;
    for (const [token, channel, reason] of refusals) {
      const staff = token === desk ? { customerId: me } : {};
      const refused = errorOf(
        await orders.graphql(token, placeOrder, { input: { ...input(channel), ...staff } }),
      );
      expect(refused).toMatchObject({ code: 'CHANNEL_NOT_ALLOWED', field: 'channel' });
      expect(refused.message).toBe(`channel: ${reason}; partner channels come only through their webhook`);
    }
    const channelOf = async (token: string, extra: Record<string, unknown>, channel?: string) => {
      const placed = dataOf(
        await orders.graphql(token, placeOrder, { input: { ...input(channel), ...extra } }),
      ).placeOrder.orderId;
      return eventually(`order ${placed} on the board`, async () => {
        const { data } = await orders.graphql(admin, `query($id: ID!) { order(id: $id) { channel } }`, {
          id: placed,
        });
        return data?.order?.channel;
      });
    };
    expect(await channelOf(customer, {})).toBe('app');
    expect(await channelOf(customer, {}, 'mini_program')).toBe('mini_program');
    expect(await channelOf(desk, { customerId: me })).toBe('phone');
    expect(await channelOf(desk, { customerId: me }, 'walk_in')).toBe('walk_in');
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

    // Each bad field is named as the input names it, a standard's criterion by its area and place.
    const bad = { ...input, basePriceMinor: -100, standard: [{ area: '阳台', criteria: ['ok', ''] }] };
    const refused = await orders.graphql(admin, draft, { input: bad });
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([
      { field: 'input.standard.0.criteria.1', reason: expect.any(String) },
      { field: 'input.basePriceMinor', reason: expect.any(String) },
    ]);

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
    // Asking for drafts is refused by name, not answered with published items.
    const drafts = await orders.graphql(customer, `{ catalogue(status: draft) { code status } }`);
    expect(errorOf(drafts)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'status',
      reason: 'a customer sees published items only; ask for status published or leave it out',
    });
    const published = dataOf(await orders.graphql(customer, `{ catalogue(status: published) { status } }`));
    expect(published.catalogue.length).toBeGreaterThan(0);
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
