import { issueToken } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { createClient, type Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type GraphQLResponse,
  type OrdersUnderTest,
} from '../../../test/orders-harness';
import { LiveUpdates, type OrderChange } from './live-updates';

const places = {
  shanghai: { city: 'shanghai', district: '徐汇区', location: { lat: 31.1886, lng: 121.4365 } },
  beijing: { city: 'beijing', district: '朝阳区', location: { lat: 39.9219, lng: 116.4436 } },
};
const PROBE = 'LiveProbe';

interface Received {
  orderId: string;
  change: string;
  order: { id: string; status: string; branchId?: string } | null;
}

/** A graphql-ws subscription straight on the subgraph, collecting what arrives. */
function subscribeOver(url: string, token: string | undefined, query: string) {
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  const received: Received[] = [];
  const errors: unknown[] = [];
  /** Order ids of the probes announced to see that the subscription is live. */
  const probes = new Set<string>();
  const unsubscribe = client.subscribe<Record<string, Received>>(
    { query },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        const change = result.data && Object.values(result.data)[0];
        if (change) received.push(change);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    received,
    errors,
    probes,
    /** What arrived, the probes left out. */
    changes: () => received.filter((r) => !probes.has(r.orderId)),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data)
    throw new Error(`expected data, got ${JSON.stringify(response)}`);
  return response.data;
}

describe('live subscriptions over graphql-ws (real PostgreSQL, Kafka, MongoDB-compatible server)', () => {
  let orders: OrdersUnderTest;
  let admin: string;
  const open: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    orders = await startOrders();
    admin = await orders.token('admin', 'admin-live');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await orders?.close();
  });

  function listen(token: string | undefined, query: string) {
    const subscription = subscribeOver(orders.url, token, query);
    open.push(subscription);
    return subscription;
  }

  /**
   * Announces a harmless change in the subscriber's scope until one arrives over its socket. Then
   * the subscription is registered on the server, and every change announced before the probe
   * has been through its filter: changes reach each subscriber in the order they are announced.
   */
  async function probe(subscription: ReturnType<typeof listen>, scope: Partial<OrderChange>) {
    const updates = orders.app.get(LiveUpdates);
    const mine = new Set<string>();
    await eventually('a probe through the subscription', async () => {
      const orderId = randomUUID();
      mine.add(orderId);
      subscription.probes.add(orderId);
      await updates.announce({
        orderId,
        type: PROBE,
        branchId: 'none',
        customerId: 'none',
        workerId: null,
        ...scope,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      return subscription.received.some((r) => mine.has(r.orderId));
    });
  }

  async function place(city: keyof typeof places) {
    const { start, end } = shanghaiWindow(2);
    const input = {
      customerId: `cust-${randomUUID().slice(0, 8)}`,
      contact: { name: '订阅测试', phone: '13800001234', street: '某路 3 号' },
      address: places[city],
      itemCode: 'HC-DAILY-3H',
      appointment: { start, end },
    };
    const response = await orders.graphql(
      admin,
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`,
      { input },
    );
    return dataOf(response).placeOrder.orderId as string;
  }

  it("feeds a branch dispatcher the board changes of their branch only, with the order's state", async () => {
    const dispatcher = await orders.token('dispatcher', 'disp-live-sh', { branch: 'shanghai' });
    const feed = listen(
      dispatcher,
      `subscription { orderBoardChanged { orderId change order { id status branchId } } }`,
    );
    const everything = listen(admin, `subscription { orderBoardChanged { orderId change } }`);
    await probe(feed, { branchId: 'shanghai' });
    await probe(everything, {});

    const beijingOrder = await place('beijing');
    const shanghaiOrder = await place('shanghai');
    const placed = await eventually('OrderPlaced of the shanghai order on the feed', async () =>
      feed.changes().find((c) => c.orderId === shanghaiOrder),
    );
    expect(placed).toEqual({
      orderId: shanghaiOrder,
      change: 'OrderPlaced',
      order: { id: shanghaiOrder, status: 'placed', branchId: 'shanghai' },
    });

    dataOf(
      await orders.graphql(admin, `mutation($id: ID!) { cancelOrder(orderId: $id, reason: "test") { id } }`, {
        id: shanghaiOrder,
      }),
    );
    const cancelled = await eventually('the shanghai cancellation on the feed', async () =>
      feed.changes().find((c) => c.change === 'OrderCancelled'),
    );
    expect(cancelled).toEqual({
      orderId: shanghaiOrder,
      change: 'OrderCancelled',
      order: { id: shanghaiOrder, status: 'cancelled', branchId: 'shanghai' },
    });

    // The beijing order was announced (an admin saw it), and a probe announced after it has
    // reached the dispatcher: had the beijing change passed their filter, it would be here.
    await eventually('the beijing order on the admin feed', async () =>
      everything.changes().some((c) => c.orderId === beijingOrder),
    );
    await probe(feed, { branchId: 'shanghai' });
    expect(feed.changes().map((c) => [c.orderId, c.change])).toEqual([
      [shanghaiOrder, 'OrderPlaced'],
      [shanghaiOrder, 'OrderCancelled'],
    ]);
    expect(feed.errors).toEqual([]);
  });

  it('tells a worker about the jobs newly assigned to them, and no one else’s', async () => {
    const workerId = `worker-${randomUUID().slice(0, 8)}`;
    const otherWorkerId = `worker-${randomUUID().slice(0, 8)}`;
    const worker = await orders.token('worker', workerId);
    const jobs = listen(
      worker,
      `subscription { myNewJobs { orderId change order { id status workerId } } }`,
    );
    const everything = listen(admin, `subscription { orderBoardChanged { orderId change } }`);
    const asMine = { type: 'OrderAssigned', workerId };
    await probe(jobs, asMine);
    await probe(everything, {});

    const theirs = await place('shanghai');
    const mine = await place('beijing');
    const assign = (orderId: string, assignee: string) =>
      publishForeignEvent(`${orders.storage}.`, 'dispatch', `assignment-${orderId}`, 'TechnicianAssigned', {
        orderId,
        assignmentId: randomUUID(),
        workerId: assignee,
        workerName: '测试师傅',
        how: 'auto',
      });
    await assign(theirs, otherWorkerId);
    await assign(mine, workerId);

    const assigned = await eventually('my new job on the feed', async () =>
      jobs.changes().find((c) => c.orderId === mine),
    );
    expect(assigned).toEqual({
      orderId: mine,
      change: 'OrderAssigned',
      order: { id: mine, status: 'assigned', workerId },
    });
    await eventually('the other worker’s assignment announced', async () =>
      everything.changes().some((c) => c.orderId === theirs && c.change === 'OrderAssigned'),
    );
    await probe(jobs, asMine);
    expect(jobs.changes().map((c) => c.orderId)).toEqual([mine]);
    expect(jobs.errors).toEqual([]);
  });

  it('closes a connection without a valid token, and refuses roles without access to orders', async () => {
    const closedWith = async (token: string | undefined) => {
      const subscription = listen(token, `subscription { orderBoardChanged { orderId } }`);
      const error = await eventually('the connection closed', async () => subscription.errors[0]);
      expect(subscription.received).toEqual([]);
      const { code, reason } = error as { code: number; reason: string };
      return { code, reason };
    };
    expect(await closedWith(undefined)).toEqual({
      code: 4401,
      reason: expect.stringContaining('missing Authorization: Bearer <token>'),
    });
    const otherKey = {
      secret: 'not-the-platform-secret-but-just-as-long-0123456789',
      isDevelopmentDefault: false,
    };
    expect(await closedWith(await issueToken(otherKey, { sub: 'admin-1', role: 'admin' }))).toEqual({
      code: 4401,
      reason: 'invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });

    const host = listen(
      await orders.token('host', 'host-1'),
      `subscription { orderBoardChanged { orderId } }`,
    );
    const forbidden = await eventually('the host subscription refused', async () => host.errors[0]);
    expect(forbidden).toEqual([
      expect.objectContaining({ message: 'host has no access to orders', extensions: { code: 'FORBIDDEN' } }),
    ]);

    const customer = listen(
      await orders.token('customer', 'cust-live'),
      `subscription { myNewJobs { orderId } }`,
    );
    const notAWorker = await eventually('a customer refused myNewJobs', async () => customer.errors[0]);
    expect(notAWorker).toEqual([
      expect.objectContaining({ message: 'myNewJobs is for workers', extensions: { code: 'FORBIDDEN' } }),
    ]);
  });
});
