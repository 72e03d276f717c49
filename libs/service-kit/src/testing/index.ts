import { issueToken, loadTokenConfig, type Principal, type Role } from '@platform/auth';

// GraphQL answers in tests are checked by the assertions, not by the compiler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface GraphQLResponse<T = Record<string, Json>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, Json> }[];
}

/** An error's message with its extensions (code, field, details) beside it. */
export type ErrorView = { message: string } & NonNullable<
  NonNullable<GraphQLResponse['errors']>[number]['extensions']
>;

/** The error a response carries, or a failure that shows the whole response when there is none. */
export function errorOf(response: GraphQLResponse): ErrorView {
  const error = response.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response)}`);
  return { message: error.message, ...error.extensions };
}

export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data)
    throw new Error(`expected data, got ${JSON.stringify(response)}`);
  return response.data;
}

/** Signs tokens with the configured (test) key, as the identity provider would. */
export function tokenIssuer() {
  const tokens = loadTokenConfig();
  return (role: Role, sub: string, extra: Partial<Principal> = {}) =>
    issueToken(tokens, { sub, role, ...extra });
}

/** POSTs GraphQL operations to `url`/graphql as a client would, with a bearer token and headers. */
export function graphqlClient(url: string) {
  return async function graphql<T = Record<string, Json>>(
    authToken: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authToken ? { authorization: `Bearer ${authToken}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
}
export * from './capture-server';
export * from './service-process';
