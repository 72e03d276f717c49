import type { IncomingMessage, Server } from 'node:http';
import { getGraphQLWSOptions, type GatewayConfig, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { AuthenticationError, timeLeft, type TokenConfig } from '@platform/auth';
import { CloseCode } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, SUBSCRIPTION_EXPIRED } from './authentication';
import { CORRELATION_HEADER, correlationIdFrom, withCorrelationId } from './errors';

/**
 * How the gateway reaches subgraph subscriptions: graphql-ws on the subgraph's own URL
 * (http://host:port/graphql becomes ws://host:port/graphql). The caller's bearer token goes in
 * `connectionParams.authorization`, where the subgraph's graphql-ws `onConnect` verifies it; the
 * correlation id travels beside it. Queries and mutations stay on HTTP.
 */
export const subgraphSubscriptionTransport: GatewayConfig['transportEntries'] = {
  '*.http': {
    options: {
      subscriptions: {
        kind: 'ws',
        options: {
          connectionParams: {
            authorization: '{context.headers.authorization}',
            [CORRELATION_HEADER]: `{context.headers.${CORRELATION_HEADER}}`,
          },
        },
      },
    },
  },
};

/**
 * Clients may also subscribe with graphql-ws on the gateway's own /graphql (besides GraphQL over
 * SSE, which the runtime serves on the same path). The token comes in
 * `connectionParams.authorization`; a connection without a valid one is closed with 4401 and the
 * reason, before any subscription starts, and one with a valid one when it expires.
 */
export function serveGraphQLOverWebSocket(server: Server, runtime: GatewayRuntime, tokens: TokenConfig) {
  const sockets = new WebSocketServer({ server, path: runtime.graphqlEndpoint });
  const options = getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => {
    const params = ctx.connectionParams ?? {};
    const headers = new Headers();
    if (typeof params.authorization === 'string') headers.set('authorization', params.authorization);
    headers.set(CORRELATION_HEADER, correlationIdFrom(params[CORRELATION_HEADER] as string | undefined));
    return { request: new Request(requestUrl(ctx.extra.request), { headers }) };
  });
  const inCorrelation =
    <A extends { contextValue?: unknown }, R>(run: (args: A) => R) =>
    (args: A): R => {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      return withCorrelationId(correlationIdFrom(request?.headers.get(CORRELATION_HEADER)), () => run(args));
    };
  const server$ = useServer(
    {
      ...options,
      execute: options.execute && inCorrelation(options.execute),
      subscribe: options.subscribe && inCorrelation(options.subscribe),
      async onConnect(ctx) {
        try {
          const { expiresAt } = await authenticate(
            tokens,
            ctx.connectionParams?.authorization as string | undefined,
          );
          closeAtExpiry(ctx.extra.socket, expiresAt);
          return true;
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          // graphql-ws would close with a bare 4403; the reason tells the client what to fix.
          ctx.extra.socket.close(CloseCode.Unauthorized, error.message.slice(0, 120));
          return false;
        }
      },
    },
    sockets,
  );
  return {
    async close(): Promise<void> {
      await server$.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** Time for the subscriptions to send their expiry error before the socket goes. */
const CLOSE_AFTER_EXPIRY_MS = 1000;

/**
 * The socket's token holds until it expires: then its subscriptions end with an UNAUTHENTICATED
 * error (`untilExpiry`), the socket closes with 4401 a moment later, as the subgraphs' do, and
 * the client reconnects with a fresh token. Nothing new starts on it meanwhile: every operation's
 * token is verified again.
 */
function closeAtExpiry(socket: Extra['socket'], expiresAt: Date) {
  const expiry = setTimeout(
    () => socket.close(CloseCode.Unauthorized, SUBSCRIPTION_EXPIRED),
    timeLeft(expiresAt) + CLOSE_AFTER_EXPIRY_MS,
  );
  expiry.unref();
  socket.once('close', () => clearTimeout(expiry));
}

const requestUrl = (request: IncomingMessage) =>
  `http://${request.headers.host ?? 'localhost'}${request.url ?? '/graphql'}`;
