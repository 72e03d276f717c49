import type { Principal } from '@platform/auth';
import { randomUUID } from 'node:crypto';
import { eventually } from '@platform/eventing/testing';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { seedCatalogue } from '../../services/orders/src/catalogue/seed-catalogue';
import {
  publishForeignEvent,
  shanghaiWindow,
  startOrders,
  type OrdersUnderTest,
} from '../../services/orders/test/orders-harness';
import { DemoData } from '../../services/workforce/src/demo/demo-data';
import { displayName } from '../../services/workforce/src/worker/display-name';
import { startWorkforce, type WorkforceUnderTest } from '../../services/workforce/test/workforce-harness';

const DEMO_WORKERS = 36;

/**
 * Workforce in the one graph, beside orders, as each role's frontend uses it: what each may see and
 * do, and what they must not. Both services and the gateway run for real, on the real servers.
 */
describe('workforce through the gateway, per role', () => {
  let orders: OrdersUnderTest;
  let workforce: WorkforceUnderTest;
  let gateway: RunningGateway;
  const token: Record<string, string> = {};

  const ask = (who: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    graphqlPost(gateway.url, query, { token: who && token[who], variables });

  beforeAll(async () => {
    [orders, workforce] = await Promise.all([startOrders(), startWorkforce()]);
    await workforce.app.get(DemoData).seed(() => {}, DEMO_WORKERS);
    gateway = await startGateway({
      subgraphs: [
        { name: 'orders', url: `${orders.url}/graphql` },
        { name: 'workforce', url: `${workforce.url}/graphql` },
      ],
      port: 0,
      host: '127.0.0.1',
      pollMs: 500,
    });
    await gateway.ready(60_000);
    const principals: Record<string, Principal> = {
      admin: { sub: 'admin-1', role: 'admin' },
      leaderXuhui: {
        sub: 'leader-sh-xuhui',
        role: 'station_leader',
        branch: 'shanghai',
        station: 'sh-xuhui',
      },
      dispatcherShanghai: { sub: 'disp-sh', role: 'dispatcher', branch: 'shanghai' },
      worker: { sub: 'w-demo-025', role: 'worker' },
      customer: { sub: 'cust-1', role: 'customer' },
    };
    for (const [name, principal] of Object.entries(principals)) token[name] = await tokenFor(principal);
  }, 180_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([orders?.close(), workforce?.close()]);
  });

  const board = `{ pipelineBoard(page: { limit: 100 }) { total workers { id stationId branchId } counts { step workers } } }`;

  it('an admin sees every branch and the whole pipeline, and a query spans both services', async () => {
    // Catalogue, branches and board are read models: they show the seed once their consumers caught up.
    const seen = await eventually(
      'both services show their seed to the admin',
      async () => {
        const answer = await ask(
          'admin',
          `{ branches { id stations { id } } catalogue { code } trainingCatalogue { items { itemCode } }
           pipelineBoard(page: { limit: 100 }) { total } }`,
        );
        const data = answer.data as
          | {
              branches: { id: string; stations: unknown[] }[];
              catalogue: { code: string }[];
              trainingCatalogue: { items: { itemCode: string }[] };
              pipelineBoard: { total: number };
            }
          | undefined;
        const stations = data?.branches.reduce((sum, b) => sum + b.stations.length, 0);
        return (
          stations === 6 &&
          data!.catalogue.length === seedCatalogue.length &&
          data!.pipelineBoard.total === DEMO_WORKERS &&
          data
        );
      },
      60_000,
    );
    expect(seen.branches.map((b) => [b.id, b.stations.length])).toEqual([
      ['beijing', 3],
      ['shanghai', 3],
    ]);
    // Every item with requirements is an item of the orders catalogue.
    const codes = new Set(seen.catalogue.map((c) => c.code));
    expect(seen.trainingCatalogue.items.filter((i) => !codes.has(i.itemCode))).toEqual([]);
  });

  it('a station leader sees their station only, and cannot act on another station', async () => {
    const answer = await ask('leaderXuhui', board);
    const { workers } = answer.data!.pipelineBoard as { workers: { id: string; stationId: string }[] };
    expect(workers.length).toBeGreaterThan(0);
    expect(new Set(workers.map((w) => w.stationId))).toEqual(new Set(['sh-xuhui']));
    // w-demo-002 belongs to sh-pudong (workers are spread over the stations in turn).
    expect((await ask('leaderXuhui', `{ worker(id: "w-demo-002") { id } }`)).data).toEqual({ worker: null });
    const refused = await ask(
      'leaderXuhui',
      `mutation { suspendWorker(workerId: "w-demo-002", reason: "x") { id } }`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a dispatcher sees their branch and may not run the pipeline', async () => {
    const { workers } = (await ask('dispatcherShanghai', board)).data!.pipelineBoard as {
      workers: { branchId: string }[];
    };
    expect(new Set(workers.map((w) => w.branchId))).toEqual(new Set(['shanghai']));
    const refused = await ask(
      'dispatcherShanghai',
      `mutation { suspendWorker(workerId: "w-demo-001", reason: "x") { id } }`,
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('a worker sees their own profile only; a customer and an anonymous caller see no workers', async () => {
    const me = await ask(
      'worker',
      `{ me { id status certificates { type status } exams { examCode theory practical } } }`,
    );
    expect(me.data?.me).toMatchObject({ id: 'w-demo-025', status: 'active' });
    expect((await ask('worker', board)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask('worker', `{ worker(id: "w-demo-001") { id } }`)).data).toEqual({ worker: null });
    expect((await ask('customer', `{ branches { id } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask('customer', board)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await ask(undefined, `{ branches { id } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("names an order's worker from workforce, on the order and in its timeline, never by their id", async () => {
    const { start, end } = shanghaiWindow(3);
    const placed = await ask(
      'customer',
      `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { orderId } }`,
      {
        i: {
          contact: { name: '周敏', phone: '13812345678', street: '漕溪北路 88 号 1202' },
          address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.19, lng: 121.44 } },
          itemCode: 'HC-DAILY-3H',
          appointment: { start, end },
        },
      },
    );
    const orderId = (placed.data as { placeOrder: { orderId: string } }).placeOrder.orderId;
    // As dispatch assigns (TechnicianAssigned v2: the worker by id only).
    const workerId = 'w-demo-025';
    await publishForeignEvent(
      `${orders.storage}.`,
      'dispatch',
      `assignment-${orderId}`,
      'TechnicianAssigned',
      { orderId, assignmentId: randomUUID(), workerId, how: 'auto' },
      0,
      2,
    );
    type Named = { id: string; name: string } | null;
    const seen = await eventually('the order assigned, with its timeline', async () => {
      const answer = await ask(
        'admin',
        `query($id: ID!, $w: ID!) { worker(id: $w) { name }
           order(id: $id) { workerId worker { id name } timeline { type summary worker { name } } } }`,
        { id: orderId, w: workerId },
      );
      const data = answer.data as
        | {
            worker: { name: string };
            order: {
              workerId: string;
              worker: Named;
              timeline: { type: string; summary: string; worker: Named }[];
            };
          }
        | undefined;
      return data?.order.timeline.some((e) => e.type === 'OrderAssigned') ? data : undefined;
    });
    const realName = seen.worker.name;
    expect(realName).not.toContain(workerId);
    expect(seen.order).toMatchObject({ workerId, worker: { id: workerId, name: realName } });
    expect(seen.order.timeline.find((e) => e.type === 'OrderAssigned')).toEqual({
      type: 'OrderAssigned',
      summary: 'Assigned to a worker',
      worker: { name: realName },
    });

    // The customer is told who is coming, as the worker is introduced at the door, and no more.
    const mine = await ask(
      'customer',
      `query($id: ID!) { order(id: $id) { worker { id displayName } timeline { worker { displayName } } } }`,
      { id: orderId },
    );
    const introduced = displayName(realName);
    expect(introduced).toMatch(/^\p{Script=Han}{1,2}师傅$/u);
    expect(mine.errors).toBeUndefined();
    expect((mine.data as { order: { worker: unknown } }).order.worker).toEqual({
      id: workerId,
      displayName: introduced,
    });
    expect(introduced).not.toBe(realName);
    const prying = await ask(
      'customer',
      `query($id: ID!) { order(id: $id) { worker { name phone stationId } } }`,
      {
        id: orderId,
      },
    );
    expect(prying.errors?.[0]).toMatchObject({
      message: expect.stringContaining('not name, phone, stationId'),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(JSON.stringify(prying.data)).not.toContain(realName);
  });
});
