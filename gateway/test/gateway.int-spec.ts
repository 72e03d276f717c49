import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { issueToken, loadTokenConfig, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { startGateway, type RunningGateway } from '../src/gateway';
import { freePort } from '@platform/service-kit/testing';
import { startDispatchSubgraph, startOrdersSubgraph, type FixtureSubgraph } from './fixture-subgraphs';
import { dispatcher, graphqlPost, subscribeOverSse, tokenFor } from './graphql-client';

const quietLog = () => {
  const writer = new MemoryLogWriter();
  return { writer, log: new Logger({ writers: [writer] }) };
};
const endpoints = (...subgraphs: FixtureSubgraph[]) => subgraphs.map(({ name, url }) => ({ name, url }));
const healthUrl = (gateway: RunningGateway, path: '/healthz' | '/readyz') =>
  gateway.url.replace(/\/graphql$/, path);

describe('the gateway over the orders and dispatch subgraphs', () => {
  let orders: FixtureSubgraph;
  let dispatch: FixtureSubgraph;
  let gateway: RunningGateway;
  let logs: MemoryLogWriter;
  let token: string;

  beforeAll(async () => {
    [orders, dispatch] = await Promise.all([startOrdersSubgraph(), startDispatchSubgraph()]);
    const { writer, log } = quietLog();
    logs = writer;
    gateway = await startGateway({
      port: 0,
      subgraphs: endpoints(orders, dispatch),
      pollMs: 200,
      log,
      limits: { maxDepth: 10 },
    });
    await gateway.ready(10000);
    token = await tokenFor();
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([orders?.close(), dispatch?.close()]);
  });

  test('one query reaches both subgraphs: the order from orders carries its worker from dispatch', async () => {
    const answer = await graphqlPost(gateway.url, '{ order(id: "o-17") { id status assignedWorker } }', {
      token,
    });

    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      order: { id: 'o-17', status: 'scheduled', assignedWorker: 'worker-for-o-17' },
    });
  });

  test('an operation without a bearer token gets HTTP 401, UNAUTHENTICATED and what to send', async () => {
    const answer = await graphqlPost(gateway.url, '{ order(id: "o-1") { id } }');

    expect(answer.status).toBe(401);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Authorization: Bearer <token>'),
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ]);
  });

  test('an expired token and a token signed with another secret are refused, each with its reason', async () => {
    const expired = await new SignJWT({ role: 'dispatcher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(dispatcher.sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(loadTokenConfig().secret));
    const forged = await issueToken(
      { secret: 'an-attacker-s-own-secret-of-32-characters!', isDevelopmentDefault: false },
      { sub: 'x', role: 'admin' },
    );

    const late = await graphqlPost(gateway.url, '{ order(id: "o-1") { id } }', { token: expired });
    const fake = await graphqlPost(gateway.url, '{ order(id: "o-1") { id } }', { token: forged });

    expect(late.status).toBe(401);
    expect(late.errors?.[0]).toEqual(
      expect.objectContaining({
        message: 'token expired: get a new one',
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    );
    expect(fake.status).toBe(401);
    expect(fake.errors?.[0]).toEqual(
      expect.objectContaining({
        message: 'invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    );
  });

  test('the subgraph verifies the forwarded token itself and sees the caller and the correlation id', async () => {
    const answer = await graphqlPost(gateway.url, '{ me { sub role branch correlationId } }', {
      token,
      headers: { 'x-correlation-id': 'support-case-4711' },
    });

    expect(answer.data).toEqual({
      me: { sub: dispatcher.sub, role: 'dispatcher', branch: 'shanghai', correlationId: 'support-case-4711' },
    });
    expect(answer.correlationId).toBe('support-case-4711');
  });

  test('a refused input and a domain rule reach the client with their code, message and extensions', async () => {
    const reschedule =
      'mutation ($visitOn: String!) { rescheduleOrder(id: "o-9", visitOn: $visitOn) { id } }';

    const past = await graphqlPost(gateway.url, reschedule, { token, variables: { visitOn: '1999-12-31' } });
    const completed = await graphqlPost(gateway.url, reschedule, {
      token,
      variables: { visitOn: '2099-01-01' },
    });

    expect(past.errors).toEqual([
      expect.objectContaining({
        message: 'the visit date is in the past',
        path: ['rescheduleOrder'],
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          field: 'visitOn',
          reason: 'must be today or later',
        }),
      }),
    ]);
    expect(completed.errors).toEqual([
      expect.objectContaining({
        message: 'order o-9 is completed and cannot be rescheduled',
        extensions: expect.objectContaining({ code: 'ORDER_ALREADY_COMPLETED', orderId: 'o-9' }),
      }),
    ]);
  });

  test('an unexpected subgraph error is masked, and its correlation id finds the real error in the log', async () => {
    const answer = await graphqlPost(gateway.url, '{ brokenReadModel }', { token });

    const [error] = answer.errors ?? [];
    expect(error?.message).toBe('Internal server error');
    expect(JSON.stringify(answer)).not.toContain('mongodb://');
    const correlationId = error?.extensions?.correlationId;
    expect(correlationId).toEqual(answer.correlationId);
    const logged = logs.logs.find(
      (line) => line.level === 'error' && JSON.stringify(line).includes(String(correlationId)),
    );
    expect(JSON.stringify(logged)).toContain(
      'read model connection lost: mongodb://orders-db:27017 timed out',
    );
  });

  test('a query nested deeper than the limit is refused with the depth and the limit', async () => {
    const nest = (levels: number): string => (levels === 0 ? 'id' : `followUpOf { ${nest(levels - 1)} }`);

    const within = await graphqlPost(gateway.url, `{ order(id: "o-1") { ${nest(8)} } }`, { token });
    const tooDeep = await graphqlPost(gateway.url, `query DeepHistory { order(id: "o-1") { ${nest(11)} } }`, {
      token,
    });

    expect(within.errors).toBeUndefined();
    expect(tooDeep.data).toBeUndefined();
    expect(tooDeep.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Operation "DeepHistory" is 13 levels deep; the limit is 10'),
        extensions: { code: 'DEPTH_LIMIT_EXCEEDED', depth: 13, maxDepth: 10 },
      }),
    ]);
  });

  test('a document with more tokens than the limit is refused before it is parsed', async () => {
    const huge = `{ ${Array.from({ length: 600 }, (_, i) => `a${i}: order(id: "${i}") { id }`).join(' ')} }`;

    const answer = await graphqlPost(gateway.url, huge, { token });

    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Document contains more th\w+ 1000 tokens/),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ]);
  });

  test('a subscription over SSE receives the event the orders subgraph publishes, with the token sent on', async () => {
    const before = orders.subscribers();
    const stream = await subscribeOverSse(
      gateway.url,
      'subscription { orderStatusChanged { id status } }',
      token,
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      await eventually(
        'the orders subgraph has the gateway subscribed',
        async () => orders.subscribers() > before,
      );

      orders.publishOrderStatus({ id: 'o-42', status: 'dispatched' });

      await eventually('the SSE client received the event', async () => stream.payloads.length > 0);
      expect(stream.payloads[0]).toEqual({
        data: { orderStatusChanged: { id: 'o-42', status: 'dispatched' } },
      });
      expect(orders.connections.at(-1)).toEqual(
        expect.objectContaining({ authorization: `Bearer ${token}` }),
      );
    } finally {
      await stream.stop();
    }
  });

  test('a subscription over graphql-ws receives events; a connection with a bad token is closed with 4401', async () => {
    const wsUrl = gateway.url.replace(/^http/, 'ws');
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const refused = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer not-a-jwt' },
      retryAttempts: 0,
    });
    try {
      await eventually(
        'earlier subscriptions ended at the orders subgraph',
        async () => orders.subscribers() === 0,
      );
      const received = new Promise((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { orderStatusChanged { id status } }' },
          { next: resolve, error: reject, complete: () => undefined },
        );
      });
      await eventually(
        'the orders subgraph has the gateway subscribed',
        async () => orders.subscribers() === 1,
      );

      orders.publishOrderStatus({ id: 'o-43', status: 'completed' });

      await expect(received).resolves.toEqual({
        data: { orderStatusChanged: { id: 'o-43', status: 'completed' } },
      });
      const closed = await new Promise<{ code?: number; reason?: string }>((resolve) => {
        refused.subscribe(
          { query: 'subscription { orderStatusChanged { id } }' },
          { next: () => undefined, error: (e) => resolve(e as never), complete: () => resolve({}) },
        );
      });
      expect(closed).toEqual(
        expect.objectContaining({ code: 4401, reason: 'invalid token: ERR_JWS_INVALID' }),
      );
    } finally {
      await Promise.all([client.dispose(), refused.dispose()]);
    }
  });
  test('more aliased fields than the limit are refused with the count and the limit', async () => {
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `o${i}: order(id: "${i}") { id }`).join(' ')} }`;

    const within = await graphqlPost(gateway.url, aliased(30), { token });
    const refused = await graphqlPost(gateway.url, aliased(31), { token });

    expect(within.errors).toBeUndefined();
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('The operation has 31 aliased fields; the limit is 30'),
        extensions: { code: 'ALIAS_LIMIT_EXCEEDED', aliases: 31, maxAliases: 30 },
      }),
    ]);
  });

  test('a subscription over SSE delivers until its token expires, then ends with UNAUTHENTICATED', async () => {
    const shortLived = await tokenFor(dispatcher, 3);
    const stream = await subscribeOverSse(
      gateway.url,
      'subscription { orderStatusChanged { id } }',
      shortLived,
    );
    try {
      await eventually(
        'the orders subgraph has the gateway subscribed',
        async () => orders.subscribers() > 0,
      );
      orders.publishOrderStatus({ id: 'o-50', status: 'dispatched' });
      await eventually('the event before expiry', async () => stream.payloads.length > 0);

      const ended = await eventually(
        'the subscription ended at expiry',
        async () => stream.payloads.find((p) => (p as { errors?: unknown }).errors),
        15_000,
      );
      expect(stream.payloads[0]).toEqual({ data: { orderStatusChanged: { id: 'o-50' } } });
      expect(ended).toEqual({
        errors: [
          expect.objectContaining({
            message: 'token expired: get a new one and subscribe again',
            extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
          }),
        ],
      });
      orders.publishOrderStatus({ id: 'o-51', status: 'dispatched' });
      await eventually('the subgraph subscription released', async () => orders.subscribers() === 0);
      expect(stream.payloads).toHaveLength(2);
    } finally {
      await stream.stop();
    }
  });

  test('a graphql-ws connection ends its subscriptions and closes with 4401 when its token expires', async () => {
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await tokenFor(dispatcher, 3)}` },
      retryAttempts: 0,
      // Kept open when its subscriptions end, so that the server's closing is what is seen.
      lazy: false,
    });
    const results: unknown[] = [];
    let closed: { code: number; reason: string } | undefined;
    client.on('closed', (event) => (closed = event as { code: number; reason: string }));
    try {
      await eventually('earlier subscriptions ended', async () => orders.subscribers() === 0);
      client.subscribe(
        { query: 'subscription { orderStatusChanged { id } }' },
        { next: (r) => results.push(r), error: () => undefined, complete: () => undefined },
      );
      await eventually(
        'the orders subgraph has the gateway subscribed',
        async () => orders.subscribers() === 1,
      );
      orders.publishOrderStatus({ id: 'o-52', status: 'completed' });

      await eventually('the socket closed at expiry', async () => closed, 15_000);
      expect(results[0]).toEqual({ data: { orderStatusChanged: { id: 'o-52' } } });
      expect(results.slice(1)).toEqual([
        expect.objectContaining({
          errors: [expect.objectContaining({ message: 'token expired: get a new one and subscribe again' })],
        }),
      ]);
      expect(closed).toEqual(
        expect.objectContaining({ code: 4401, reason: 'token expired: get a new one and subscribe again' }),
      );
    } finally {
      await client.dispose();
    }
  });
});

describe('a gateway started before its subgraph', () => {
  test('answers "not reachable yet" and /readyz 503 until orders is up, then serves it without a restart', async () => {
    const port = await freePort();
    const { log } = quietLog();
    const gateway = await startGateway({
      port: 0,
      subgraphs: [{ name: 'orders', url: `http://127.0.0.1:${port}/graphql` }],
      pollMs: 100,
      log,
    });
    let orders: FixtureSubgraph | undefined;
    try {
      const token = await tokenFor();
      const early = await graphqlPost(gateway.url, '{ order(id: "o-1") { id } }', { token });
      const notReady = await fetch(healthUrl(gateway, '/readyz'));
      const live = await fetch(healthUrl(gateway, '/healthz'));

      expect(early.status).toBe(503);
      expect(early.errors?.[0]?.message).toContain('subgraph orders is not reachable yet');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual(
        expect.objectContaining({
          ready: false,
          missing: [
            expect.objectContaining({ name: 'orders', reason: expect.stringContaining('not reachable yet') }),
          ],
        }),
      );
      expect(live.status).toBe(200);

      orders = await startOrdersSubgraph(port);

      await eventually(
        '/readyz says ready',
        async () => (await fetch(healthUrl(gateway, '/readyz'))).status === 200,
      );
      const later = await graphqlPost(gateway.url, '{ order(id: "o-1") { id status } }', { token });
      expect(later.data).toEqual({ order: { id: 'o-1', status: 'scheduled' } });
    } finally {
      await gateway.close();
      await orders?.close();
    }
  });
});

describe('a gateway with production limits', () => {
  test('hides field suggestions, refuses introspection and refuses an operation above the cost limit', async () => {
    const orders = await startOrdersSubgraph();
    const { log } = quietLog();
    const gateway = await startGateway({
      port: 0,
      subgraphs: endpoints(orders),
      pollMs: 200,
      log,
      limits: { blockFieldSuggestions: true, disableIntrospection: true, maxCost: 3 },
    });
    try {
      await gateway.ready(10000);
      const token = await tokenFor();

      const typo = await graphqlPost(gateway.url, '{ order(id: "o-1") { statu } }', { token });
      const introspection = await graphqlPost(gateway.url, '{ __schema { types { name } } }', { token });

      expect(typo.errors?.[0]?.message).toBe('Cannot query field "statu" on type "Order".');
      expect(introspection.data).toBeUndefined();
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);

      const cheap = await graphqlPost(gateway.url, '{ order(id: "o-1") { followUpOf { id } } }', { token });
      const costly = await graphqlPost(
        gateway.url,
        '{ order(id: "o-1") { followUpOf { followUpOf { followUpOf { id } } } } }',
        { token },
      );
      expect(cheap.errors).toBeUndefined();
      expect(costly.errors).toEqual([
        expect.objectContaining({
          message:
            'The operation has an estimated cost of 4; the limit is 3. Ask for fewer lists, or fewer objects in them.',
          extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 4, maxCost: 3 },
        }),
      ]);
    } finally {
      await gateway.close();
      await orders.close();
    }
  });
});
