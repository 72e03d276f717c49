import type { TokenConfig } from '@platform/auth';
import { authenticate } from '../platform/caller';
import type { OrdersContext } from './order.resolver';

type HttpContext = {
  req: { headers: Record<string, string | string[] | undefined>; body?: { query?: unknown } };
};

/** The gateway's composition query: the subgraph's schema, no data, so it needs no user token. */
const SCHEMA_FETCH = /^\s*(query\s*\w*\s*)?\{\s*_service\s*\{\s*sdl\s*\}\s*\}\s*$/;
// No resolver of ours runs for it, so no caller is needed.
const schemaOnly = { caller: undefined, details: new Map(), contacts: new Map() } as unknown as OrdersContext;
type WsContext = { connectionParams?: Record<string, unknown> };

/**
 * Every operation is authenticated here, in the subgraph, whether it came through the gateway or
 * not: over HTTP from the Authorization header, over graphql-ws from the connection parameters.
 */
export function graphqlContext(tokens: TokenConfig) {
  return async (input: HttpContext | WsContext): Promise<OrdersContext> => {
    if (
      'req' in input &&
      typeof input.req?.body?.query === 'string' &&
      SCHEMA_FETCH.test(input.req.body.query)
    )
      return schemaOnly;
    const headers =
      'req' in input && input.req
        ? input.req.headers
        : Object.fromEntries(
            Object.entries((input as WsContext).connectionParams ?? {}).map(([key, value]) => [
              key.toLowerCase(),
              typeof value === 'string' ? value : undefined,
            ]),
          );
    return { caller: await authenticate(tokens, headers), details: new Map(), contacts: new Map() };
  };
}
