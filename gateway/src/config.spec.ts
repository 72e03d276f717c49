import { GatewayConfigError, loadGatewayConfig } from './config';

describe('gateway configuration from the environment', () => {
  test('without variables it serves the orders subgraph on the development defaults', () => {
    const config = loadGatewayConfig({});

    expect(config).toEqual({
      port: 4000,
      subgraphs: [{ name: 'orders', url: 'http://127.0.0.1:4001/graphql' }],
      pollMs: 5000,
      limits: {
        maxDepth: 10,
        maxTokens: 1000,
        maxCost: 5000,
        blockFieldSuggestions: false,
        disableIntrospection: false,
      },
    });
  });

  test('SUBGRAPHS lists name=url pairs, in order', () => {
    const config = loadGatewayConfig({
      SUBGRAPHS: 'orders=http://orders:3000/graphql, dispatch=http://dispatch:3000/graphql',
    });

    expect(config.subgraphs).toEqual([
      { name: 'orders', url: 'http://orders:3000/graphql' },
      { name: 'dispatch', url: 'http://dispatch:3000/graphql' },
    ]);
  });

  test('production hides field suggestions and introspection', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).limits).toEqual(
      expect.objectContaining({ blockFieldSuggestions: true, disableIntrospection: true }),
    );
  });

  test('a bad variable stops start-up with its name and the reason', () => {
    const load = () => loadGatewayConfig({ SUBGRAPHS: 'orders:4001', GATEWAY_MAX_DEPTH: '0' });

    expect(load).toThrow(GatewayConfigError);
    expect(load).toThrow(/SUBGRAPHS: "orders:4001" is not name=http\(s\):\/\/host:port\/path/);
    expect(load).toThrow(/GATEWAY_MAX_DEPTH: /);
  });

  test('a subgraph listed twice is refused', () => {
    expect(() => loadGatewayConfig({ SUBGRAPHS: 'orders=http://a/graphql,orders=http://b/graphql' })).toThrow(
      'subgraph "orders" is listed twice',
    );
  });
});
