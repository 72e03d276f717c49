import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * The correlation id of the operation being served. Error masking runs deep inside the GraphQL
 * runtime, which hands it no request or context, so the id travels with the async call chain.
 */
const correlation = new AsyncLocalStorage<string>();

export const withCorrelationId = <T>(correlationId: string, run: () => T): T =>
  correlation.run(correlationId, run);

/** A caller's id is kept when it looks like an id, so one request can be followed across services. */
export function correlationIdFrom(given: string | string[] | undefined | null): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * Codes that mean "something broke", not "you asked for something wrong". Subgraphs built on
 * Apollo Server give INTERNAL_SERVER_ERROR to every error they did not classify; the gateway
 * gives DOWNSTREAM_SERVICE_ERROR to subgraph errors that carry no code at all (and to a subgraph
 * that cannot be reached).
 */
const internalCodes = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/**
 * Whether an error may reach the client as it is: a GraphQL error raised on purpose (a domain
 * code such as FORBIDDEN, NOT_FOUND, CONFLICT or ORDER_ALREADY_ASSIGNED, a validation error) and
 * not one wrapping an exception thrown by code.
 */
export function isClientFacing(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code;
  if (typeof code === 'string' && internalCodes.has(code)) return false;
  if (error.extensions?.unexpected === true) return false;
  return error.originalError == null || isClientFacing(error.originalError);
}

/**
 * Hides unexpected errors behind "Internal server error" and a correlation id, and writes the real
 * error to the log under the same id, so support can find it from what the user reports.
 */
export function createErrorMasking(log: Logger): (error: unknown) => Error {
  return (error) => {
    if (isClientFacing(error)) return error;
    const correlationId = correlation.getStore() ?? randomUUID();
    const path = error instanceof GraphQLError ? error.path : undefined;
    log.error(
      { correlationId, path, error: describe(error) },
      `internal error (correlationId ${correlationId}) masked for the client`,
    );
    return new GraphQLError('Internal server error', {
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    });
  };
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof GraphQLError) {
    return {
      message: error.message,
      extensions: error.extensions,
      cause: error.originalError ? describe(error.originalError) : undefined,
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
