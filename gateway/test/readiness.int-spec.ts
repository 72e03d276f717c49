import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { eventually } from '@platform/eventing/testing';
import { startGateway, type Readiness, type RunningGateway } from '../src/gateway';
import { startDispatchSubgraph, startOrdersSubgraph, type FixtureSubgraph } from './fixture-subgraphs';

const readyz = async (gateway: RunningGateway) => {
  const response = await fetch(gateway.url.replace(/\/graphql$/, '/readyz'));
  return { status: response.status, body: (await response.json()) as Readiness };
};

describe('gateway readiness follows its subgraphs', () => {
  let orders: FixtureSubgraph;
  let dispatch: FixtureSubgraph | undefined;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [orders, dispatch] = await Promise.all([startOrdersSubgraph(), startDispatchSubgraph()]);
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [orders, dispatch].map(({ name, url }) => ({ name, url })),
      pollMs: 100,
      log: new Logger({ writers: [new MemoryLogWriter()] }),
    });
    await gateway.ready(10_000);
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([orders?.close(), dispatch?.close()]);
  });

  test('/readyz answers 503 naming a subgraph that stopped answering, and 200 once it is back', async () => {
    expect(await readyz(gateway)).toMatchObject({ status: 200, body: { ready: true, missing: [] } });
    const port = new URL(dispatch!.url).port;
    await dispatch!.close();
    dispatch = undefined;

    const down = await eventually('/readyz to answer 503', async () => {
      const answer = await readyz(gateway);
      return answer.status === 503 && answer;
    });
    expect(down.body).toMatchObject({
      ready: false,
      composed: ['orders', 'dispatch'],
      missing: [{ name: 'dispatch', reason: expect.stringContaining('subgraph dispatch is not reachable') }],
    });

    dispatch = await startDispatchSubgraph(Number(port));
    await eventually('/readyz to answer 200 again', async () => (await readyz(gateway)).status === 200);
    expect(await readyz(gateway)).toMatchObject({ body: { ready: true, missing: [] } });
  });
});
