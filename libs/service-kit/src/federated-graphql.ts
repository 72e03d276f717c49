import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { timeLeft, type TokenConfig } from '@platform/auth';
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type SelectionNode,
  type GraphQLSchema,
} from 'graphql';
import { authenticate, type Caller } from './caller';
import { limitedParseOptions, loadOperationLimits, operationLimitRules, type OperationLimits } from './edge';
import { badInput, graphQLErrorFormatter } from './graphql-errors';
import { refuseUnstorableText, unstorableInOperation } from './unstorable-text';

type Headers = Record<string, string | string[] | undefined>;
type HttpContext = { req: { headers: Headers } };
type WsContext = { connectionParams?: Record<string, unknown> };

/** Where an HTTP request's refusal waits until Apollo knows which operation it runs. */
const REFUSED = Symbol('refused');
type Refused = { [REFUSED]: GraphQLError };

const wsHeaders = (connectionParams: Record<string, unknown> = {}): Headers =>
  Object.fromEntries(
    Object.entries(connectionParams).map(([key, value]) => [
      key.toLowerCase(),
      typeof value === 'string' ? value : undefined,
    ]),
  );

const isUnauthenticated = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED';

/**
 * Every operation is authenticated here, in the subgraph, whether it came through the gateway or
 * not: over HTTP from the Authorization header, over graphql-ws from the connection parameters.
 * `perRequest` adds the service's per-request lookups (data loaders) to the caller. Over HTTP a
 * refusal is held until the operation is parsed (`refuseUnauthenticated`), because the gateway's
 * schema fetch alone needs no token, and only the parsed operation says what will run.
 */
export function graphqlContext<C extends { caller: Caller }>(
  tokens: TokenConfig,
  perRequest: (caller: Caller) => C,
) {
  return async (input: HttpContext | WsContext): Promise<C> => {
    const overHttp = 'req' in input && input.req !== undefined;
    try {
      const headers = overHttp
        ? (input as HttpContext).req.headers
        : wsHeaders((input as WsContext).connectionParams);
      return perRequest(await authenticate(tokens, headers));
    } catch (error) {
      if (overHttp && isUnauthenticated(error)) return { [REFUSED]: error } as unknown as C;
      throw error;
    }
  };
}

/**
 * The gateway's composition query `{ _service { sdl } }` and nothing else: one query, that one
 * field with that one subfield, no alias, argument, directive, variable or fragment. Judged on the
 * document Apollo executes (for a GET, the URL's query, whatever the body says).
 */
export function isSchemaFetch(document: DocumentNode): boolean {
  const [operation, ...rest] = document.definitions;
  if (rest.length > 0 || operation?.kind !== Kind.OPERATION_DEFINITION) return false;
  if (
    operation.operation !== 'query' ||
    operation.directives?.length ||
    operation.variableDefinitions?.length
  )
    return false;
  const service = onlyField(operation.selectionSet.selections, '_service');
  const sdl = service?.selectionSet && onlyField(service.selectionSet.selections, 'sdl');
  return sdl !== undefined && !sdl.selectionSet;
}

const onlyField = (selections: readonly SelectionNode[], name: string): FieldNode | undefined => {
  const [field, ...rest] = selections;
  return rest.length === 0 &&
    field?.kind === Kind.FIELD &&
    field.name.value === name &&
    !field.alias &&
    !field.arguments?.length &&
    !field.directives?.length
    ? field
    : undefined;
};

/** Answers an unauthenticated HTTP request 401 once its operation is known, unless it is the schema fetch. */
const refuseUnauthenticated: ApolloServerPlugin<Partial<Refused>> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document }) {
        const refusal = contextValue[REFUSED];
        if (refusal && !isSchemaFetch(document)) throw refusal;
      },
    };
  },
};

/** Why the socket closes when its token runs out; a client reconnects with a fresh token. */
export const TOKEN_EXPIRED_CLOSE = { code: 4401, reason: 'token expired: get a new one and reconnect' };

type Socket = { close(code: number, reason: string): void; once(event: 'close', listener: () => void): void };
type SocketContext = { connectionParams?: Record<string, unknown>; extra: unknown };

/**
 * graphql-ws checks the bearer token when the socket connects: a missing or bad one closes it with
 * 4401 and the reason (rather than 4500, as an error from the first subscribe's context would). A
 * good one holds only until it expires: then the socket is closed with 4401, ending every
 * subscription on it, so that no one keeps receiving events on a token that no longer holds.
 */
function authenticateSocket(tokens: TokenConfig) {
  return async ({ connectionParams, extra }: SocketContext): Promise<boolean> => {
    const socket = (extra as { socket: Socket }).socket;
    try {
      const { expiresAt } = await authenticate(tokens, wsHeaders(connectionParams));
      const expiry = setTimeout(
        () => socket.close(TOKEN_EXPIRED_CLOSE.code, TOKEN_EXPIRED_CLOSE.reason),
        timeLeft(expiresAt),
      );
      expiry.unref();
      socket.once('close', () => clearTimeout(expiry));
      return true;
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      // A close reason may hold at most 123 bytes.
      socket.close(4401, error.message.slice(0, 123));
      return false;
    }
  };
}

/**
 * The same refusals for an operation sent over graphql-ws as over HTTP: the token limit and
 * unstorable text here, the depth, alias and cost limits in `validate`.
 */
function wsOperationChecks(limits: OperationLimits) {
  const rules = [...specifiedRules, ...operationLimitRules(limits)];
  return {
    onSubscribe(
      _ctx: unknown,
      _id: string,
      payload: { query: string; variables?: Record<string, unknown> | null },
    ) {
      let document: DocumentNode;
      try {
        document = parse(payload.query, limitedParseOptions(limits));
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      const found = unstorableInOperation(payload.variables ?? undefined, document);
      return found.length > 0 ? [badInput(found)] : undefined;
    },
    validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules),
  };
}

/**
 * A service's Federation 2 subgraph on /graphql (HTTP and graphql-ws), schema-first from its
 * `.graphql` files, with authentication on every operation, the platform's operation limits
 * (GRAPHQL_MAX_*, the gateway's own, since a subgraph can be reached around it), unstorable text
 * refused with 400, and errors shaped for clients.
 */
export function federatedGraphQL<C extends { caller: Caller }>(options: {
  service: string;
  typePaths: string[];
  tokens: TokenConfig;
  perRequest: (caller: Caller) => C;
  limits?: OperationLimits;
}): DynamicModule {
  const limits = options.limits ?? loadOperationLimits();
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    typePaths: options.typePaths,
    path: '/graphql',
    context: graphqlContext(options.tokens, options.perRequest),
    subscriptions: {
      'graphql-ws': { onConnect: authenticateSocket(options.tokens), ...wsOperationChecks(limits) },
    },
    parseOptions: limitedParseOptions(limits),
    validationRules: operationLimitRules(limits),
    formatError: graphQLErrorFormatter(options.service),
    // Authentication first: an unauthenticated request learns nothing more than that it needs a token.
    plugins: [refuseUnauthenticated, refuseUnstorableText],
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
  });
}
