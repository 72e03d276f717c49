import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  AuthenticationError,
  bearerToken,
  verifyToken,
  type Principal,
  type TokenConfig,
} from '@platform/auth';
import { GraphQLError } from 'graphql';

const UNAUTHENTICATED = 'UNAUTHENTICATED';

/**
 * Verifies `Authorization: Bearer <jwt>` and gives the principal, or the reason it is refused in
 * words a client developer can act on. Subgraphs verify the same token again: the gateway is not
 * the only way in, and authorisation (roles, branch scope) is decided where the data lives.
 */
export async function authenticate(
  config: TokenConfig,
  authorization: string | null | undefined,
): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token)
    throw new AuthenticationError(
      'missing Authorization header: send "Authorization: Bearer <token>" (npm run token)',
    );
  return verifyToken(config, token);
}

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * Every GraphQL operation, over HTTP, SSE or WebSocket, passes here before it is parsed. A refused
 * operation gets an UNAUTHENTICATED error and HTTP 401 and never reaches a subgraph.
 */
export function useAuthentication(config: TokenConfig): GatewayPlugin {
  return {
    async onParams({ request, setResult }) {
      try {
        await authenticate(config, request.headers.get('authorization'));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        setResult({ errors: [unauthenticated(error.message)] });
      }
    },
  };
}
