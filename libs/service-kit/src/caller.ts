import {
  AuthenticationError,
  bearerToken,
  verifyBearerToken,
  type Principal,
  type Role,
  type TokenConfig,
} from '@platform/auth';
import type { CommandMetadata } from '@platform/eventing';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';

/** Who is calling and under which correlation id: the GraphQL context of every operation. */
export interface Caller {
  principal: Principal;
  correlationId: string;
  /** The client's Idempotency-Key header: a retried mutation with the same key changes nothing. */
  idempotencyKey?: string;
}

/** A caller just authenticated, with the moment their token runs out (a subscription ends there). */
export type AuthenticatedCaller = Caller & { expiresAt: Date };

type HeaderBag = Record<string, string | string[] | undefined>;
const header = (headers: HeaderBag, name: string) => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export async function authenticate(config: TokenConfig, headers: HeaderBag): Promise<AuthenticatedCaller> {
  try {
    const token = bearerToken(header(headers, 'authorization'));
    if (!token)
      throw new AuthenticationError(
        'missing Authorization: Bearer <token> (try `npm run token -- --role dispatcher --sub u1`)',
      );
    const { principal, expiresAt } = await verifyBearerToken(config, token);
    const idempotencyKey = header(headers, 'idempotency-key');
    return {
      principal,
      expiresAt,
      correlationId: header(headers, 'x-correlation-id') ?? randomUUID(),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    throw error;
  }
}

export function requireRole(caller: Caller, allowed: readonly Role[], what: string): void {
  if (!allowed.includes(caller.principal.role)) {
    throw new GraphQLError(`${caller.principal.role} may not ${what} (allowed: ${allowed.join(', ')})`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
}

export const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** Command metadata for a user's command; the id is the idempotency key when the client sent one. */
export function commandMeta(caller: Caller, operation: string, at = new Date()): CommandMetadata {
  return {
    commandId: caller.idempotencyKey
      ? `${caller.principal.sub}:${operation}:${caller.idempotencyKey}`
      : randomUUID(),
    correlationId: caller.correlationId,
    causationId: null,
    actor: { kind: 'user', id: caller.principal.sub, role: caller.principal.role },
    at,
  };
}
