import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceRoutes } from './service-proxy';

interface Received {
  service: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A service that records what reached it and answers 202 with a JSON body. */
function fakeService(service: string, received: Received[]) {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        service,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ importId: 'abc', service }));
    });
  });
}

describe('service proxy: /files to orders, /imports/staff to workforce', () => {
  const received: Received[] = [];
  const servers: Server[] = [];
  let gateway: string;
  let withoutWorkforce: string;
  let workforceDown: string;

  const gatewayOver = (subgraphs: { name: string; url: string }[]) => {
    const route = serviceRoutes(subgraphs);
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://gateway').pathname;
      const proxy = route(path);
      if (proxy) return proxy(req, res, req.url ?? path);
      res.writeHead(404).end('not proxied');
    });
    servers.push(server);
    return listen(server);
  };

  beforeAll(async () => {
    const orders = fakeService('orders', received);
    const workforce = fakeService('workforce', received);
    servers.push(orders, workforce);
    const ordersUrl = `${await listen(orders)}/graphql`;
    const workforceUrl = `${await listen(workforce)}/graphql`;
    gateway = await gatewayOver([
      { name: 'orders', url: ordersUrl },
      { name: 'workforce', url: workforceUrl },
    ]);
    withoutWorkforce = await gatewayOver([{ name: 'orders', url: ordersUrl }]);
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    workforceDown = await gatewayOver([{ name: 'workforce', url: `${closedUrl}/graphql` }]);
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  beforeEach(() => received.splice(0));

  it("passes a staff upload to workforce with the caller's token, the file and its name, and answers with workforce's answer", async () => {
    const csv = 'staffNo,name,phone\r\nS1,王秀英,13900000001\r\n';
    const response = await fetch(`${gateway}/imports/staff?fileName=staff.csv`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer the-callers-token',
        'content-type': 'text/csv',
        cookie: 'session=not-for-services',
        'content-disposition': "attachment; filename*=UTF-8''staff.csv",
      },
      body: csv,
    });
    expect(response.status).toBe(202);
    await expect(response.json()).resolves.toEqual({ importId: 'abc', service: 'workforce' });
    expect(received).toHaveLength(1);
    const [upload] = received;
    expect(upload).toMatchObject({ service: 'workforce', method: 'POST', url: '/imports/staff?fileName=staff.csv', body: csv });
    expect(upload!.headers).toMatchObject({
      authorization: 'Bearer the-callers-token',
      'content-type': 'text/csv',
      'content-disposition': "attachment; filename*=UTF-8''staff.csv",
    });
    expect(upload!.headers.cookie).toBeUndefined();
  });

  it("reads an import's progress from workforce and a file from orders", async () => {
    await fetch(`${gateway}/imports/staff/${'a'.repeat(64)}`, { headers: { authorization: 'Bearer t' } });
    await fetch(`${gateway}/files/photo-1`, { headers: { authorization: 'Bearer t' } });
    expect(received.map((r) => [r.service, r.method, r.url])).toEqual([
      ['workforce', 'GET', `/imports/staff/${'a'.repeat(64)}`],
      ['orders', 'GET', '/files/photo-1'],
    ]);
  });

  it('leaves other paths alone', async () => {
    const response = await fetch(`${gateway}/imports/staffing`);
    expect(response.status).toBe(404);
    expect(received).toEqual([]);
  });

  it('says 503 when the owning service is not configured, and 502 when it does not answer', async () => {
    const missing = await fetch(`${withoutWorkforce}/imports/staff`, { method: 'POST', body: 'x' });
    expect(missing.status).toBe(503);
    await expect(missing.json()).resolves.toEqual({ error: expect.stringMatching(/no workforce subgraph/) });
    const down = await fetch(`${workforceDown}/imports/staff`, { method: 'POST', body: 'x' });
    expect(down.status).toBe(502);
    await expect(down.json()).resolves.toEqual({ error: expect.stringMatching(/workforce service did not answer/) });
  });
});
