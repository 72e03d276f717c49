import { issueToken, loadTokenConfig, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@platform/auth';
import { eventually } from '@platform/eventing/testing';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startGateway, type RunningGateway } from '../gateway/src/gateway';
import { startOrders, type OrdersUnderTest } from '../services/orders/test/orders-harness';
import { startWorkforce, type WorkforceUnderTest } from '../services/workforce/test/workforce-harness';

/** What a client sees of an HTTP answer: the status and the parsed body. */
interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Any request, GET with a body included (which fetch refuses to send, and an attacker does not). */
function send(url: string, method: string, body: string | undefined, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(
      url,
      { method, headers: { 'content-type': 'application/json', ...length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const post = (url: string, payload: unknown, token?: string) =>
  send(`${url}/graphql`, 'POST', JSON.stringify(payload), token ? { authorization: `Bearer ${token}` } : {});
const codeOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions?.code;
const nested = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('the edge of every subgraph: orders and workforce on the real servers', () => {
  let orders: OrdersUnderTest;
  let workforce: WorkforceUnderTest;
  let admin: string;

  beforeAll(async () => {
    // One after the other: each harness sets the process's topic prefix before it builds its app.
    orders = await startOrders();
    workforce = await startWorkforce();
    admin = await orders.token('admin', 'admin-edge');
  });
  afterAll(async () => {
    await orders?.close();
    await workforce?.close();
  });

  describe('the schema fetch is exempted by what runs, not by what the body says', () => {
    test('a GET whose URL runs the board and whose body asks for the schema is refused 401', async () => {
      const board = encodeURIComponent('{ orderBoard { total items { id customer { phone } } } }');

      const answer = await send(
        `${orders.url}/graphql?query=${board}`,
        'GET',
        JSON.stringify({ query: '{ _service { sdl } }' }),
      );

      expect(answer.status).toBe(401);
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
      expect(answer.body.data).toBeUndefined();
    });

    test('the schema fetch itself needs no token, by POST or by GET', async () => {
      const byPost = await post(orders.url, { query: '{ _service { sdl } }' });
      const byGet = await send(
        `${workforce.url}/graphql?query=${encodeURIComponent('{ _service { sdl } }')}`,
        'GET',
        undefined,
      );

      expect(byPost.status).toBe(200);
      expect(byPost.body.data._service.sdl).toContain('orderBoard');
      expect(byGet.status).toBe(200);
      expect(byGet.body.data._service.sdl).toContain('pipelineBoard');
    });

    test('the schema fetch beside another field is an operation like any other', async () => {
      const answer = await post(workforce.url, { query: '{ _service { sdl } branches { id } }' });

      expect(answer.status).toBe(401);
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
    });
  });

  describe("the gateway's limits, enforced again by a subgraph reached around it", () => {
    test('200 aliased boards in one request are refused with 400 before anything runs', async () => {
      const boards = Array.from({ length: 200 }, (_, i) => `b${i}: orderBoard { total }`).join(' ');

      const answer = await post(orders.url, { query: `{ ${boards} } ` }, admin);

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Document contains more th\w+ 1000 tokens/);
      expect(answer.body.data).toBeUndefined();
    });

    test('more aliases than the limit are refused with the count and the limit', async () => {
      const boards = Array.from({ length: 31 }, (_, i) => `b${i}: pipelineBoard { total }`).join(' ');

      const answer = await post(workforce.url, { query: `{ ${boards} }` }, admin);

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toEqual({
        code: 'ALIAS_LIMIT_EXCEEDED',
        aliases: 31,
        maxAliases: 30,
      });
    });
  });

  describe('the cost limit counts the page sizes asked for, the same in a subgraph and in the gateway', () => {
    const costOf = { code: 'COST_LIMIT_EXCEEDED', cost: 30 * (1 + 100 * 2), maxCost: 3000 };
    const thirtyBoards = `{ ${Array.from(
      { length: 30 },
      (_, i) => `b${i}: orderBoard(page: { limit: 100 }) { items { id customer { phone } } }`,
    ).join(' ')} }`;
    // A dispatcher's page of 100 with each order's customer, timeline and job: 1 + 100 x 24.
    const onePage = `{ orderBoard(page: { limit: 100 }) {
      total items { id status customer { name } timeline { type summary } job { total } } } }`;
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({
        subgraphs: [{ name: 'orders', url: `${orders.url}/graphql` }],
        port: 0,
        host: '127.0.0.1',
        pollMs: 500,
      });
      await gateway.ready(60_000);
    });
    afterAll(async () => {
      await gateway?.close();
    });

    test('30 aliased board pages of 100 are refused by the subgraph before anything runs, one page of 100 is served', async () => {
      const refused = await post(orders.url, { query: thirtyBoards }, admin);
      const served = await post(orders.url, { query: onePage }, admin);

      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toEqual(costOf);
      expect(refused.body.data).toBeUndefined();
      expect(served.body.errors).toBeUndefined();
      expect(served.body.data.orderBoard.total).toEqual(expect.any(Number));
    });

    test('the gateway refuses and serves the same operations, with the same cost', async () => {
      const viaGateway = (query: string) =>
        send(gateway.url, 'POST', JSON.stringify({ query }), { authorization: `Bearer ${admin}` });

      const refused = await viaGateway(thirtyBoards);
      const served = await viaGateway(onePage);

      expect(refused.body.errors[0].extensions).toEqual(costOf);
      expect(refused.body.data).toBeUndefined();
      expect(served.body.errors).toBeUndefined();
      expect(served.body.data.orderBoard.total).toEqual(expect.any(Number));
    });
  });

  describe('text that cannot be stored, and bodies nested too deeply, are refused at the boundary with 400', () => {
    const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;
    const input = (notes: string, name = '王女士') => ({
      contact: { name, phone: '13800000000', street: '某路 1 号' },
      address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.19, lng: 121.44 } },
      itemCode: 'HC-DAILY-3H',
      appointment: { start: '2031-05-02T09:00:00+08:00', end: '2031-05-02T12:00:00+08:00' },
      notes,
    });

    test('a NUL character in a variable is answered 400 BAD_USER_INPUT, not 500', async () => {
      const answer = await post(
        orders.url,
        { query: placeOrder, variables: { input: input('ok', '王\u0000') } },
        admin,
      );

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toEqual(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          field: 'input.contact.name',
          reason: 'must not contain the NUL character (U+0000)',
        }),
      );
    });

    test('a lone surrogate in the order notes is refused 400, naming the field, before anything is written', async () => {
      const answer = await post(
        orders.url,
        { query: placeOrder, variables: { input: input('门口等\uD83D') } },
        admin,
      );

      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toEqual(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          field: 'input.notes',
          reason: 'must not contain a lone UTF-16 surrogate (U+D83D at position 3)',
        }),
      );
    });

    test('variables nested 2,000 levels deep are refused 400 on every subgraph', async () => {
      for (const url of [orders.url, workforce.url]) {
        const answer = await post(url, { query: '{ __typename }', variables: { deep: nested(2000) } }, admin);

        expect([url, answer.status, codeOf(answer)]).toEqual([url, 400, 'BAD_USER_INPUT']);
        expect(answer.body.errors[0].message).toBe('body nests deeper than 32 levels');
      }
    });

    test('a partner webhook nested 2,000 levels deep is refused 400, and a lone surrogate in its remark 422', async () => {
      const deep = await orders.webhook('tmall', { tid: 'T-deep', extra: nested(2000) });
      expect(deep.status).toBe(400);
      expect(deep.body.message).toBe('body nests deeper than 32 levels');

      const surrogate = await orders.webhook('tmall', { tid: 'T-surrogate', buyer_memo: '请按门铃\uDE00' });
      expect(surrogate.status).toBe(422);
      expect(surrogate.body.problems).toEqual([
        { field: 'buyer_memo', reason: 'must not contain a lone UTF-16 surrogate (U+DE00 at position 4)' },
      ]);
    });

    test('the background-check callback nested 2,000 levels deep is refused 400', async () => {
      const answer = await workforce.screeningCallback({
        workerId: 'w-1',
        reportId: 'r-1',
        result: nested(2000),
      });

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: 'body nests deeper than 32 levels',
        problems: [{ field: '(body)', reason: 'must not nest deeper than 32 levels' }],
      });
    });
  });

  test('a dispatcher token without a branch, signed with the real key, is refused 401 everywhere, placing orders included', async () => {
    const unscoped = await new SignJWT({ role: 'dispatcher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('disp-nowhere')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(loadTokenConfig().secret));
    const placeOrder = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }`;
    const input = {
      contact: { name: '王女士', phone: '13800000000', street: '某路 1 号' },
      address: { city: 'beijing', district: '朝阳区', location: { lat: 39.92, lng: 116.44 } },
      itemCode: 'HC-DAILY-3H',
      appointment: { start: '2031-05-02T09:00:00+08:00', end: '2031-05-02T12:00:00+08:00' },
    };

    const placed = await post(orders.url, { query: placeOrder, variables: { input } }, unscoped);
    const branches = await post(workforce.url, { query: '{ branches { id } }' }, unscoped);

    for (const answer of [placed, branches]) {
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0]).toEqual(
        expect.objectContaining({
          message: 'a dispatcher token needs a branch claim',
          extensions: { code: 'UNAUTHENTICATED' },
        }),
      );
    }
  });

  test('a graphql-ws subscription is closed when its token expires', async () => {
    const token = await issueToken(loadTokenConfig(), { sub: 'admin-expiring', role: 'admin' }, 3);
    const opened = Date.now();
    const client = createClient({
      url: `${orders.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const outcome: { closed?: { code: number; reason: string }; connectedAt?: number } = {};
    client.on('connected', () => (outcome.connectedAt = Date.now()));
    client.on('closed', (event) => (outcome.closed = event as { code: number; reason: string }));
    const unsubscribe = client.subscribe(
      { query: 'subscription { orderBoardChanged { orderId } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    try {
      const closed = await eventually('the socket closed at expiry', async () => outcome.closed, 15_000);

      expect(outcome.connectedAt).toBeDefined();
      expect(closed).toEqual(
        expect.objectContaining({ code: 4401, reason: 'token expired: get a new one and reconnect' }),
      );
      // Open for the token's life (it was issued a moment before the socket opened), closed at its end.
      expect(Date.now() - opened).toBeGreaterThanOrEqual(1500);
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });
});
