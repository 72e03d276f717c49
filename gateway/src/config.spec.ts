import { GatewayConfigError, loadGatewayConfig } from './config';

describe('gateway configuration from the environment', () => {
  test('without variables it serves the orders subgraph on the development defaults', () => {
    const config = loadGatewayConfig({});

    expect(config).toEqual({
      port: 4000,
      host: '127.0.0.1',
      // A generated service adds its own (nx g @platform/tools:service).
      subgraphs: expect.arrayContaining([{ name: 'orders', url: 'http://127.0.0.1:4001/graphql' }]),
      pollMs: 5000,
      consoleDir: expect.stringMatching(/apps\/console\/dist$/),
      devSignIn: false,
      limits: {
        maxDepth: 10,
        maxAliases: 30,
        maxTokens: 1000,
        maxCost: 3000,
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

  test('the limits and the listening address are the shared GRAPHQL_MAX_* and LISTEN_HOST', () => {
    const config = loadGatewayConfig({ GRAPHQL_MAX_ALIASES: '12', LISTEN_HOST: '0.0.0.0' });

    expect(config.limits.maxAliases).toBe(12);
    expect(config.host).toBe('0.0.0.0');
  });

  test('production hides field suggestions and introspection', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).limits).toEqual(
      expect.objectContaining({ blockFieldSuggestions: true, disableIntrospection: true }),
    );
  });

  test('a bad variable stops start-up with its name and the reason', () => {
    const load = () =>
      loadGatewayConfig({ SUBGRAPHS: 'orders:4001', GRAPHQL_MAX_DEPTH: '0', LISTEN_HOST: 'http://x' });

    expect(load).toThrow(GatewayConfigError);
    expect(load).toThrow(/SUBGRAPHS: "orders:4001" is not name=http\(s\):\/\/host:port\/path/);
    expect(load).toThrow(/GRAPHQL_MAX_DEPTH: /);
    expect(load).toThrow(/LISTEN_HOST: "http:\/\/x" is not an IP address or host name/);
  });

  test('a subgraph listed twice is refused', () => {
    expect(() => loadGatewayConfig({ SUBGRAPHS: 'orders=http://a/graphql,orders=http://b/graphql' })).toThrow(
      'subgraph "orders" is listed twice',
    );
  });

  test('development sign-in is off unless DEV_SIGN_IN=true, and refused in production', () => {
    expect(loadGatewayConfig({ DEV_SIGN_IN: 'true' }).devSignIn).toBe(true);
    expect(() => loadGatewayConfig({ DEV_SIGN_IN: 'yes' })).toThrow(/DEV_SIGN_IN/);
    expect(() => loadGatewayConfig({ DEV_SIGN_IN: 'true', NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      'DEV_SIGN_IN: development sign-in is refused in production: sign in through single sign-on',
    );
  });
});
