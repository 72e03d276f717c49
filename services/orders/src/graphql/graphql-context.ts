import type { TokenConfig } from '@platform/auth';
import { authenticate } from '../platform/caller';
import type { OrdersContext } from './order.resolver';

type HttpContext = { req: { headers: Record<string, string | string[] | undefined> } };
type WsContext = { connectionParams?: Record<string, unknown> };

/**
 * Every operation is authenticated here, in the subgraph, whether it came through the gateway or
 * not: over HTTP from the Authorization header, over graphql-ws from the connection parameters.
 */
export function graphqlContext(tokens: TokenConfig) {
  return async (input: HttpContext | WsContext): Promise<OrdersContext> => {
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
