import type { Principal } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { graphqlPost, tokenFor } from '../../gateway/test/graphql-client';
import { seedCatalogue } from '../../services/orders/src/catalogue/seed-catalogue';
import { startOrders, type OrdersUnderTest } from '../../services/orders/test/orders-harness';
import { DemoData } from '../../services/workforce/src/demo/demo-data';
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
});
