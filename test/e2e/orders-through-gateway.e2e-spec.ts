import type { Role } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { randomUUID } from 'node:crypto';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, subscribeOverSse } from '../../gateway/test/graphql-client';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
} from '../../services/orders/test/orders-harness';

/**
 * The one graph as frontends use it: every role through the gateway, and what each must not see.
 * The orders service and the gateway run for real, on the real servers.
 */
describe('orders through the gateway, per role', () => {
  let orders: OrdersUnderTest;
  let gateway: RunningGateway;
  const as: Partial<Record<string, string>> = {};
  const customerA = `cust-${randomUUID().slice(0, 8)}`;
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  let orderId: string;

  const ask = (who: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    graphqlPost(gateway.url, query, { token: who, variables });

  beforeAll(async () => {
    orders = await startOrders();
    gateway = await startGateway({
      subgraphs: [{ name: 'orders', url: `${orders.url}/graphql` }],
      port: 0,
      host: '127.0.0.1',
      pollMs: 500,
    });
    await gateway.ready(60_000);
    const principals: [string, Role, Record<string, string>][] = [
      ['customerA', 'customer', {}],
      ['customerB', 'customer', {}],
      ['dispatcherShanghai', 'dispatcher', { branch: 'shanghai' }],
      ['dispatcherBeijing', 'dispatcher', { branch: 'beijing' }],
      ['worker', 'worker', {}],
      ['otherWorker', 'worker', {}],
      ['admin', 'admin', {}],
      ['finance', 'finance', {}],
      ['liveOps', 'live_ops', {}],
    ];
    for (const [name, role, extra] of principals) {
      const sub =
        name === 'customerA'
          ? customerA
          : name === 'worker'
            ? workerId
            : `${name}-${randomUUID().slice(0, 6)}`;
      as[name] = await orders.token(role, sub, extra);
    }
    const window = shanghaiWindow(3);
    const placed = await ask(
      as.customerA,
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId duplicate order { status } } }`,
      {
        input: {
          contact: { name: '周敏', phone: '13812345678', street: '长宁区愚园路 1088 号 6 楼' },
          address: { city: 'shanghai', district: '长宁区', location: { lat: 31.2204, lng: 121.4242 } },
          itemCode: 'HC-DAILY-3H',
          appointment: { start: window.start, end: window.end },
          notes: '门铃坏了，请敲门 The bell is broken: please knock',
        },
      },
    );
    expect(placed.errors).toBeUndefined();
    orderId = (placed.data!.placeOrder as { orderId: string }).orderId;
    // Board and timeline are read models fed through Kafka; the mutation waits for them 3 s at most.
    await eventually('the order and its timeline in the read models', async () => {
      const { data } = await ask(as.customerA, `query($id: ID!) { order(id: $id) { timeline { type } } }`, {
        id: orderId,
      });
      return (data?.order as { timeline: unknown[] } | null | undefined)?.timeline.length === 1;
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await orders?.close();
  });

  const orderQuery = `query($id: ID!) { order(id: $id) { id status customer { name phone } workerId timeline { type actorRole } } }`;

  it('lets the customer who placed the order see it, and no other customer', async () => {
    const own = await ask(as.customerA, orderQuery, { id: orderId });
    expect(own.data?.order).toMatchObject({
      id: orderId,
      status: 'placed',
      customer: { name: '周敏', phone: '13812345678' },
    });
    expect((own.data?.order as { timeline: unknown[] }).timeline).toEqual([
      { type: 'OrderPlaced', actorRole: 'customer' },
    ]);

    const other = await ask(as.customerB, orderQuery, { id: orderId });
    expect(other.errors).toBeUndefined();
    expect(other.data?.order).toBeNull();
    const otherBoard = await ask(as.customerB, `{ myOrders { total items { id } } }`);
    expect(otherBoard.data?.myOrders).toEqual({ total: 0, items: [] });
  });

  it("shows the order on its branch's board and on no other branch's", async () => {
    const board = `query($id: String) { orderBoard(filter: { search: $id }) { total items { id customer { phone } } } }`;
    const shanghai = await ask(as.dispatcherShanghai, board, { id: orderId });
    expect(shanghai.data?.orderBoard).toEqual({
      total: 1,
      items: [{ id: orderId, customer: { phone: '13812345678' } }],
    });
    const beijing = await ask(as.dispatcherBeijing, board, { id: orderId });
    expect(beijing.data?.orderBoard).toEqual({ total: 0, items: [] });
    const finance = await ask(as.finance, board, { id: orderId });
    expect(finance.data?.orderBoard).toMatchObject({ total: 1 });
  });

  it('gives the assigned worker the job with the phone masked outside its window, and other workers nothing', async () => {
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianAssigned',
      {
        orderId,
        assignmentId: randomUUID(),
        workerId,
        workerName: '赵师傅',
        how: 'auto',
      },
    );
    const job = await eventually('the job in the worker’s list', async () => {
      const { data } = await ask(as.worker, `{ myJobs { items { id status customer { name phone } } } }`);
      return (data?.myJobs as { items: { id: string }[] } | undefined)?.items.find(
        (item) => item.id === orderId,
      );
    });
    expect(job).toEqual({
      id: orderId,
      status: 'assigned',
      customer: { name: '周敏', phone: '138****5678' },
    });
    const other = await ask(as.otherWorker, orderQuery, { id: orderId });
    expect(other.data?.order).toBeNull();
    const otherJobs = await ask(as.otherWorker, `{ myJobs { total } }`);
    expect(otherJobs.data?.myJobs).toEqual({ total: 0 });
  });

  it('keeps delivery logs from workers and roles without access to orders out entirely', async () => {
    const callbacks = await ask(
      as.worker,
      `query($id: ID!) { order(id: $id) { channelCallbacks { status } } }`,
      { id: orderId },
    );
    expect(callbacks.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const liveOps = await ask(as.liveOps, `{ orderBoard { total } }`);
    expect(liveOps.errors?.[0]).toMatchObject({
      message: 'live_ops has no access to orders',
      extensions: { code: 'FORBIDDEN' },
    });
    const admin = await ask(as.admin, `query($id: ID!) { order(id: $id) { channelCallbacks { status } } }`, {
      id: orderId,
    });
    expect(admin.data?.order).toEqual({ channelCallbacks: [] });
  });

  it('recognises a retried order through the gateway by its Idempotency-Key', async () => {
    const window = shanghaiWindow(5);
    const place = () =>
      graphqlPost(
        gateway.url,
        `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId duplicate } }`,
        {
          token: as.customerA,
          headers: { 'idempotency-key': `retry-${orderId}` },
          variables: {
            input: {
              contact: { name: '周敏', phone: '13812345678', street: '长宁区愚园路 1088 号 6 楼' },
              address: { city: 'shanghai', district: '长宁区', location: { lat: 31.2204, lng: 121.4242 } },
              itemCode: 'HC-DEEP-6H',
              appointment: { start: window.start, end: window.end },
            },
          },
        },
      );
    const first = await place();
    const retry = await place();
    expect(first.data?.placeOrder).toMatchObject({ duplicate: false });
    expect(retry.data?.placeOrder).toEqual({
      orderId: (first.data?.placeOrder as { orderId: string }).orderId,
      duplicate: true,
    });
  });

  it('refuses every operation without a token, at the gateway', async () => {
    const anonymous = await ask(undefined, `{ catalogue { code } }`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('brings validation and domain errors to the client with field and reason', async () => {
    const window = shanghaiWindow(2);
    const bad = await ask(
      as.customerA,
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`,
      {
        input: {
          contact: { name: '周敏', phone: 'not a phone', street: '愚园路 1088 号' },
          address: { city: 'shanghai', district: '长宁区', location: { lat: 31.22, lng: 121.42 } },
          itemCode: 'HC-DAILY-3H',
          appointment: { start: window.start, end: window.end },
        },
      },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contact.phone' });
    const cancelled = await ask(
      as.dispatcherShanghai,
      `mutation($id: ID!) { closeOrder(orderId: $id) { status } }`,
      { id: orderId },
    );
    expect(cancelled.errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(cancelled.errors?.[0]?.message).toContain('the order is assigned');
  });

  it('streams new orders of the branch to a dispatcher subscribed through the gateway (SSE)', async () => {
    const feed = await subscribeOverSse(
      gateway.url,
      `subscription { orderBoardChanged { orderId change order { status } } }`,
      as.dispatcherShanghai!,
    );
    try {
      expect(feed.status).toBe(200);
      const channelOrderId = `DY-${randomUUID().slice(0, 8)}`;
      const window = shanghaiWindow(4);
      const sent = await orders.webhook('douyin_live', {
        order_id: channelOrderId,
        buyer_id: 'buyer-e2e',
        receiver: {
          name: '孙丽',
          phone: '13900002222',
          city: 'shanghai',
          district: '黄浦区',
          detail: '南京东路 1 号',
          lat: 31.2397,
          lng: 121.4849,
        },
        service_code: 'HC-DEEP-6H',
        appointment: { date: window.date, start_time: '13:00', end_time: '19:00' },
      });
      expect(sent.status).toBe(201);
      const event = await eventually('the new order on the live board', async () =>
        (feed.payloads as { data?: { orderBoardChanged: { orderId: string } } }[]).find(
          (p) => p.data?.orderBoardChanged.orderId === sent.body.orderId,
        ),
      );
      expect(event.data?.orderBoardChanged).toEqual({
        orderId: sent.body.orderId,
        change: 'OrderPlaced',
        order: { status: 'placed' },
      });
    } finally {
      await feed.stop();
    }
  });
});
