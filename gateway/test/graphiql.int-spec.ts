import { Logger, MemoryLogWriter } from '@graphql-hive/gateway-runtime';
import { startGateway, type RunningGateway } from '../src/gateway';
import { startOrdersSubgraph, type FixtureSubgraph } from './fixture-subgraphs';

/** Every address a page would fetch by itself: script and image sources, stylesheets, CSS imports. */
function resourcesFetchedBy(html: string): string[] {
  const tags = [...html.matchAll(/<(?:script|img|iframe)\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  const links = [...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  const imports = [...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/gi)].map((m) => m[1]!);
  return [...tags, ...links, ...imports];
}

describe('GraphiQL on the gateway', () => {
  let orders: FixtureSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    orders = await startOrdersSubgraph();
    gateway = await startGateway({
      port: 0,
      subgraphs: [{ name: orders.name, url: orders.url }],
      pollMs: 200,
      log: new Logger({ writers: [new MemoryLogWriter()] }),
    });
    await gateway.ready(10000);
  });

  afterAll(async () => {
    await gateway?.close();
    await orders?.close();
  });

  test('opens in a browser with nothing fetched from another host (private deployments are offline)', async () => {
    const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('现场服务平台');
    // The GraphiQL bundle itself is in the page, not a reference to it.
    expect(html).toMatch(/GraphiQL/);
    expect(html.length).toBeGreaterThan(1_000_000);
    const external = resourcesFetchedBy(html).filter((address) => /^(https?:)?\/\//i.test(address));
    expect(external).toEqual([]);
  });
});
