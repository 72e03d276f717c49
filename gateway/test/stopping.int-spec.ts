import { eventually } from '@platform/eventing/testing';
import { expectStoppedCleanly, freePort, startServiceProcess } from '@platform/service-kit/testing';
import { startDispatchSubgraph, startOrdersSubgraph, type FixtureSubgraph } from './fixture-subgraphs';
import { graphqlPost, tokenFor } from './graphql-client';

/**
 * The gateway process as `npm start` runs it, stopped by SIGTERM while a client holds a
 * subscription open over SSE and queries are on their way to the subgraphs.
 */
describe('stopping the gateway process', () => {
  let subgraphs: FixtureSubgraph[] = [];
  afterAll(async () => {
    await Promise.all(subgraphs.map((s) => s.close()));
  });

  it('exits with code 0 within 5 s of SIGTERM while serving a subscription and queries', async () => {
    subgraphs = await Promise.all([startOrdersSubgraph(), startDispatchSubgraph()]);
    const port = await freePort();
    const gateway = await startServiceProcess(
      'gateway/src/main.ts',
      {
        GATEWAY_PORT: String(port),
        SUBGRAPHS: subgraphs.map((s) => `${s.name}=${s.url}`).join(','),
      },
      /gateway listening/,
    );
    const url = `http://127.0.0.1:${port}/graphql`;
    try {
      const token = await tokenFor();
      await eventually(
        'the gateway to serve both subgraphs',
        async () => (await fetch(url.replace(/\/graphql$/, '/readyz'))).status === 200,
      );
      const sse = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: 'subscription { orderStatusChanged { id status } }' }),
      });
      // The stream ends when the gateway closes it; how it ends is not what this spec is about.
      const streaming = (async () => {
        for await (const chunk of sse.body as unknown as AsyncIterable<Uint8Array>) void chunk;
      })().catch(() => undefined);
      await eventually(
        'the subscription to reach the orders subgraph',
        async () => subgraphs[0]!.subscribers() > 0,
      );
      const queries = Array.from({ length: 20 }, (_, i) =>
        graphqlPost(url, `{ order(id: "o-${i}") { id status assignedWorker } }`, { token }).catch(
          () => undefined,
        ),
      );

      expectStoppedCleanly(await gateway.terminate());
      await Promise.all([streaming, ...queries]);
    } finally {
      gateway.kill();
    }
  });
});
