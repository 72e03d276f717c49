import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyToken, type TokenConfig } from '@platform/auth';
import { serveDevSignIn } from './dev-sign-in';

const tokens: TokenConfig = { secret: 'a-test-secret-of-at-least-32-characters', isDevelopmentDefault: false };

describe('development sign-in', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => void serveDevSignIn(req, res, new URL(req.url!, 'http://x').pathname, tokens));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const token = (body: unknown) =>
    fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('lists the demo people: dispatchers of both branches, a station leader, an admin, a worker and a customer', async () => {
    const { people } = (await (await fetch(`${base}/dev/people`)).json()) as { people: { role: string; branch?: string }[] };
    expect(people.map((p) => `${p.role}${p.branch ? `@${p.branch}` : ''}`)).toEqual(
      expect.arrayContaining(['dispatcher@shanghai', 'dispatcher@beijing', 'station_leader@shanghai', 'admin', 'worker', 'customer']),
    );
  });

  it('signs a token the gateway accepts, for the person asked', async () => {
    const response = await token({ role: 'dispatcher', sub: 'u-7', branch: 'beijing' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string };
    expect(await verifyToken(tokens, body.token)).toMatchObject({ sub: 'u-7', role: 'dispatcher', branch: 'beijing' });
  });

  it('refuses a bad request naming the field and the reason', async () => {
    const unknownRole = await token({ role: 'boss', sub: 'u-1' });
    expect(unknownRole.status).toBe(400);
    expect(await unknownRole.json()).toMatchObject({ problems: [{ field: 'role', reason: expect.stringContaining('dispatcher') }] });

    const noBranch = await token({ role: 'dispatcher', sub: 'u-1' });
    expect(await noBranch.json()).toMatchObject({ problems: [{ field: 'branch', reason: 'a dispatcher token needs a branch claim' }] });

    const extra = await token({ role: 'admin', sub: 'u-1', exp: 99999999999 });
    expect(extra.status).toBe(400);

    const notJson = await fetch(`${base}/dev/token`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/^the body is not JSON/);
  });
});
