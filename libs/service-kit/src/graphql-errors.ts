import { ContractViolation } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ZodError } from 'zod';
import { randomUUID } from 'node:crypto';

const NOT_FOUND_CODES = /_NOT_FOUND$/;

/** One bad field and why, the shape every boundary of the service answers with. */
export interface Problem {
  field: string;
  reason: string;
}

export const zodProblems = (error: ZodError, prefix = ''): Problem[] =>
  error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    reason: issue.message,
  }));

/**
 * Bad input, each field named. `httpStatus` is for a request refused before it runs (400): Apollo
 * answers a request-level error with it, where it would otherwise say 500.
 */
export function badInput(problems: Problem[], httpStatus?: number): GraphQLError {
  const first = problems[0];
  return new GraphQLError(`invalid input: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, {
    extensions: {
      code: 'BAD_USER_INPUT',
      field: first?.field,
      reason: first?.reason,
      problems,
      ...(httpStatus ? { http: { status: httpStatus } } : {}),
    },
  });
}

/**
 * Maps what resolvers throw to what clients see: domain errors keep their stable code, bad input
 * names each field, and anything unexpected is masked with a correlation id that is also logged.
 */
export const graphQLErrorFormatter =
  (service: string) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      const code = NOT_FOUND_CODES.test(original.code) ? 'NOT_FOUND' : original.code;
      return {
        ...formatted,
        message: original.message,
        extensions: { ...original.details, code, domainCode: original.code },
      };
    }
    if (original instanceof ZodError) return badInput(zodProblems(original)).toJSON();
    if (original instanceof ContractViolation) {
      return badInput(original.problems.map((p) => ({ field: p.field, reason: p.reason }))).toJSON();
    }
    const code = formatted.extensions?.code;
    // Apollo files a validation rule's error under GRAPHQL_VALIDATION_FAILED; the rule's own code
    // (DEPTH_LIMIT_EXCEEDED, ALIAS_LIMIT_EXCEEDED, ...) is what the gateway answers too.
    if (original instanceof GraphQLError && typeof original.extensions.code === 'string')
      return { ...formatted, extensions: { ...formatted.extensions, code: original.extensions.code } };
    if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR'))
      return formatted;
    const correlationId = randomUUID();
    console.error(
      `[${service}] internal error ${correlationId} at ${formatted.path?.join('.') ?? '-'}:`,
      original,
    );
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
