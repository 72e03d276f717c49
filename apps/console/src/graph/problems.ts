import type { CombinedError } from 'urql';
import { refusalReason } from '../i18n/refusals';

/** A refused command as a person can act on it: which field, and why. */
export interface Problem {
  field: string | null;
  reason: string;
  code: string | null;
  /** The whole path after `input.` (`standard.0.criteria.1`), for a field inside a list. */
  path?: string | null;
}

interface Extensions extends Record<string, unknown> {
  code?: string;
  /** A domain error's own code where `code` is the generic one (NOT_FOUND for ORDER_NOT_FOUND). */
  domainCode?: string;
  field?: string;
  reason?: string;
  problems?: { field: string; reason: string }[];
}

/** Every problem of an error: each bad field of BAD_USER_INPUT, a domain error with its field, or the message. */
export function problemsOf(error: CombinedError | undefined): Problem[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0)
    return [{ field: null, reason: error.networkError.message, code: 'NETWORK' }];
  return error.graphQLErrors.flatMap((e) => {
    const x = (e.extensions ?? {}) as Extensions;
    if (x.problems?.length)
      return x.problems.map((p) => ({
        field: lastPart(p.field),
        reason: p.reason,
        code: x.code ?? null,
        path: inputPath(p.field),
      }));
    const code = x.domainCode ?? x.code ?? null;
    return [
      {
        field: x.field ? lastPart(x.field) : null,
        reason: refusalReason(code, x, e.message),
        code,
        path: x.field ? inputPath(x.field) : null,
      },
    ];
  });
}

/** `input.workerId` → `workerId`: forms name their fields by the argument's own name. */
const lastPart = (field: string) => field.split('.').pop() ?? field;

const inputPath = (field: string) => field.replace(/^input\./, '');

/** The problems of one form field, for its help text. */
export const problemFor = (problems: Problem[], field: string) => problems.find((p) => p.field === field);

export const isUnauthenticated = (error: CombinedError | undefined) =>
  !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') ||
  (error?.response as Response | undefined)?.status === 401;
