import { eventually, uniqueName } from '@platform/eventing/testing';
import {
  consumerGroups,
  expectStoppedCleanly,
  freePort,
  graphqlClient,
  startServiceProcess,
  tokenIssuer,
  type ServiceProcess,
} from '@platform/service-kit/testing';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { shanghaiWindow } from './orders-harness';

/**
 * The orders process as `npm start` runs it (demo data seeded), stopped by SIGTERM while a board
 * subscription is open over graphql-ws and customers' orders are being placed.
 */
describe('stopping the orders process', () => {
  const storage = uniqueName('orders_stop');
  const prefix = `${storage}.`;
  let running: ServiceProcess | undefined;
  afterEach(() => running?.kill());

  const start = async () => {
    const port = await freePort();
    running = await startServiceProcess(
      'services/orders/src/main.ts',
      {
        ORDERS_STORAGE: storage,
        KAFKA_TOPIC_PREFIX: prefix,
        ORDERS_PORT: String(port),
        SEED_DEMO_DATA: 'true',
        TIMER_POLL_MS: '50',
      },
      /\[orders\] .*subgraph on/,
    );
    return { process: running, url: `http://127.0.0.1:${port}` };
  };
  // Stopped before its first build of the read models is done, a process has not joined the
  // read models' group yet; the groups are compared once both runs have joined every group.
  const consuming = (url: string) =>
    eventually(
      'every consumer group joined',
      async () => {
        const ready = (await (await fetch(`${url}/readyz`)).json()) as { consumers?: Record<string, string> };
        const states = Object.values(ready.consumers ?? {});
        return states.length > 0 && states.every((state) => state === 'consuming');
      },
      60_000,
    );

  it('exits with code 0 within 5 s of SIGTERM while serving, and a restart leaves the same consumer groups', async () => {
    const first = await start();
    await consuming(first.url);
    const token = tokenIssuer();
    const board = createClient({
      url: `${first.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: {
        authorization: `Bearer ${await token('dispatcher', 'disp-stop', { branch: 'shanghai' })}`,
      },
      retryAttempts: 0,
    });
    const subscribed = new Promise<void>((resolve) => board.on('connected', () => resolve()));
    const unsubscribe = board.subscribe(
      { query: 'subscription { orderBoardChanged { orderId change } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await subscribed;
    const customer = await token('customer', 'cust-stop');
    const window = shanghaiWindow(3);
    const placing = Array.from({ length: 10 }, () =>
      graphqlClient(first.url)(
        customer,
        'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }',
        {
          input: {
            contact: { name: '周敏', phone: '13812345678', street: '长宁区愚园路 1088 号 6 楼' },
            address: { city: 'shanghai', district: '长宁区', location: { lat: 31.2204, lng: 121.4242 } },
            itemCode: 'HC-DAILY-3H',
            appointment: { start: window.start, end: window.end },
          },
        },
      ).catch(() => undefined),
    );

    try {
      expectStoppedCleanly(await first.process.terminate());
    } finally {
      unsubscribe();
      await board.dispose();
      await Promise.all(placing);
    }
    const groupsAfterFirstRun = await consumerGroups(prefix);

    const second = await start();
    await consuming(second.url);
    expectStoppedCleanly(await second.process.terminate());
    expect(await consumerGroups(prefix)).toEqual(groupsAfterFirstRun);
  });
});
