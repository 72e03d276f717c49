import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { TokenConfig } from '@platform/auth';
import { GraphQLError } from 'graphql';
import { authenticate, type Caller } from './caller';
import { graphQLErrorFormatter } from './graphql-errors';
import { refuseNulCharacters } from './nul-characters';

type HttpContext = {
  req: { headers: Record<string, string | string[] | undefined>; body?: { query?: unknown } };
};
type WsContext = { connectionParams?: Record<string, unknown> };

/** The gateway's composition query: the subgraph's schema, no data, so it needs no user token. */
const SCHEMA_FETCH = /^\s*(query\s*\w*\s*)?\{\s*_service\s*\{\s*sdl\s*\}\s*\}\s*$/;

/**
 * Every operation is authenticated here, in the subgraph, whether it came through the gateway or
 * not: over HTTP from the Authorization header, over graphql-ws from the connection parameters.
 * `perRequest` adds the service's per-request lookups (data loaders) to the caller.
 */
export function graphqlContext<C extends { caller: Caller }>(
  tokens: TokenConfig,
  perRequest: (caller: Caller) => C,
) {
  return async (input: HttpContext | WsContext): Promise<C> => {
    if (
      'req' in input &&
      typeof input.req?.body?.query === 'string' &&
      SCHEMA_FETCH.test(input.req.body.query)
    )
      // No resolver of the service runs for it, so no caller is needed.
      return {} as C;
    const headers =
      'req' in input && input.req
        ? input.req.headers
        : Object.fromEntries(
            Object.entries((input as WsContext).connectionParams ?? {}).map(([key, value]) => [
              key.toLowerCase(),
              typeof value === 'string' ? value : undefined,
            ]),
          );
    return perRequest(await authenticate(tokens, headers));
  };
}

/** What graphql-ws hands `onConnect`; with its `ws` adapter, `extra.socket` is the WebSocket. */
type SocketContext = { connectionParams?: Record<string, unknown>; extra: unknown };

/**
 * graphql-ws checks the bearer token when the socket connects: a missing or bad one closes it with
 * 4401 and the reason (rather than 4500, as an error from the first subscribe's context would).
 */
function authenticateSocket(context: (input: WsContext) => Promise<unknown>) {
  return async ({ connectionParams, extra }: SocketContext): Promise<boolean> => {
    try {
      await context({ connectionParams });
      return true;
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED') throw error;
      // A close reason may hold at most 123 bytes.
      (extra as { socket: { close(code: number, reason: string): void } }).socket.close(
        4401,
        error.message.slice(0, 123),
      );
      return false;
    }
  };
}

/**
 * A service's Federation 2 subgraph on /graphql (HTTP and graphql-ws), schema-first from its
 * `.graphql` files, with authentication on every operation and errors shaped for clients.
 */
export function federatedGraphQL<C extends { caller: Caller }>(options: {
  service: string;
  typePaths: string[];
  tokens: TokenConfig;
  perRequest: (caller: Caller) => C;
}): DynamicModule {
  const context = graphqlContext(options.tokens, options.perRequest);
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    typePaths: options.typePaths,
    path: '/graphql',
    context,
    subscriptions: { 'graphql-ws': { onConnect: authenticateSocket(context) } },
    formatError: graphQLErrorFormatter(options.service),
    plugins: [refuseNulCharacters],
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
  });
}
