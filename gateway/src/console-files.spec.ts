import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveConsole } from './console-files';

describe('the console served beside the graph', () => {
  let server: Server;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'secret.txt'), 'not to be served');
    const serve = serveConsole(dir);
    server = createServer((req, res) => serve(req, res, new URL(req.url!, 'http://x').pathname));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("opens the app on the chat cards' links, whose pages the app's router shows", async () => {
    for (const link of ['/orders/4c1f', '/offers/o-1', '/jobs/4c1f', '/']) {
      const response = await fetch(`${base}${link}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets to be cached for good, and a missing one as 404 rather than the page', async () => {
    const asset = await fetch(`${base}/assets/main-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/gone-999.js`)).status).toBe(404);
  });

  it('never serves a file outside the built app', async () => {
    const response = await fetch(`${base}/..%2Fsecret.txt`);
    expect(await response.text()).not.toContain('not to be served');
  });

  it('says how to build the console when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-'));
    const serve = serveConsole(empty);
    const bare = createServer((req, res) => serve(req, res, '/inbox'));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/inbox`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/run npm run build:console/);
    await new Promise((resolve) => bare.close(resolve));
  });
});
