import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  AuthenticationError,
  bearerToken,
  timeLeft,
  verifyBearerToken,
  type TokenConfig,
  type VerifiedToken,
} from '@platform/auth';
import { GraphQLError, type ExecutionResult } from 'graphql';

const UNAUTHENTICATED = 'UNAUTHENTICATED';

/**
 * Verifies `Authorization: Bearer <jwt>` and gives the principal with the token's expiry, or the
 * reason it is refused in words a client developer can act on. Subgraphs verify the same token
 * again: the gateway is not the only way in, and authorisation (roles, branch scope) is decided
 * where the data lives.
 */
export async function authenticate(
  config: TokenConfig,
  authorization: string | null | undefined,
): Promise<VerifiedToken> {
  const token = bearerToken(authorization);
  if (!token)
    throw new AuthenticationError(
      'missing Authorization header: send "Authorization: Bearer <token>" (npm run token)',
    );
  return verifyBearerToken(config, token);
}

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: UNAUTHENTICATED, http: { status: 401 } } });
}

export const SUBSCRIPTION_EXPIRED = 'token expired: get a new one and subscribe again';

/**
 * The events of `source` until `expiresAt`; then one UNAUTHENTICATED error and the end, so that
 * no subscription keeps delivering on a token that no longer holds. Written as a plain iterator,
 * not a generator: a client that goes away must end the source at once (a generator waiting for
 * its next event would put the end off until that event, or the expiry, came).
 */
export function untilExpiry(
  source: AsyncIterable<ExecutionResult>,
  expiresAt: Date,
): AsyncIterableIterator<ExecutionResult> {
  const events = source[Symbol.asyncIterator]();
  let finished = false;
  let stopWaiting!: () => void;
  const expired = new Promise<'expired'>((resolve) => (stopWaiting = () => resolve('expired')));
  const timer = setTimeout(stopWaiting, timeLeft(expiresAt));
  const finish = async () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    stopWaiting();
    await events.return?.();
  };
  const done = { done: true, value: undefined } as const;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return done;
      const next = await Promise.race([events.next(), expired]);
      if (next !== 'expired') {
        if (next.done) await finish();
        return next;
      }
      if (finished) return done; // ended by return(), not by the clock
      await finish();
      return { done: false, value: { errors: [unauthenticated(SUBSCRIPTION_EXPIRED)] } };
    },
    async return() {
      await finish();
      return done;
    },
  };
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';

/**
 * Every GraphQL operation, over HTTP, SSE or WebSocket, passes here before it is parsed. A refused
 * operation gets an UNAUTHENTICATED error and HTTP 401 and never reaches a subgraph. A subscription
 * (SSE or graphql-ws) ends when its token expires.
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
    async onSubscribe({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      let expiresAt: Date;
      try {
        // onParams let the operation through; its token's expiry is what is needed here.
        ({ expiresAt } = await authenticate(config, request?.headers.get('authorization')));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        return setResultAndStopExecution({ errors: [unauthenticated(error.message)] });
      }
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilExpiry(result, expiresAt));
        },
      };
    },
  };
}
