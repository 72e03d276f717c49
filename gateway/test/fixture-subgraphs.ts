import { EventEmitter, on } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  AuthenticationError,
  bearerToken,
  loadTokenConfig,
  verifyToken,
  type Principal,
} from '@platform/auth';
import { graphql, GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/**
 * Small Federation 2 subgraphs for the gateway's tests, built the way a service's subgraph is:
 * buildSubgraphSchema over HTTP, graphql-ws on the same /graphql for subscriptions, and the
 * bearer token verified again here, as every real subgraph does.
 */
export interface FixtureSubgraph {
  name: string;
  url: string;
  /** The connectionParams of every graphql-ws connection the gateway opened to this subgraph. */
  connections: Record<string, unknown>[];
  subscribers(): number;
  publishOrderStatus(order: { id: string; status: string }): void;
  close(): Promise<void>;
}

interface FixtureContext {
  principal?: Principal;
  correlationId?: string;
}

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

export const ordersTypeDefs = parse(`
  ${link}
  type Order @key(fields: "id") {
    id: ID!
    status: String!
    "The earlier visit this one follows up; lets tests nest queries as deep as they like."
    followUpOf: Order
  }
  type Caller { sub: ID!, role: String!, branch: String, correlationId: String }
  type Query {
    order(id: ID!): Order
    me: Caller!
    "Fails the way a lost database connection does: an unexpected error."
    brokenReadModel: String
  }
  type Mutation {
    "Refuses a reschedule into the past (BAD_USER_INPUT) and one for a completed order (a domain code)."
    rescheduleOrder(id: ID!, visitOn: String!): Order
  }
  type Subscription { orderStatusChanged: Order! }
`);

export const dispatchTypeDefs = parse(`
  ${link}
  type Order @key(fields: "id") {
    id: ID!
    assignedWorker: String
  }
  type Query { dispatcherQueueLength: Int! }
`);

const requirePrincipal = (context: FixtureContext): Principal => {
  if (!context.principal)
    throw new GraphQLError('no bearer token reached the subgraph', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  return context.principal;
};

function ordersResolvers(events: EventEmitter): GraphQLResolverMap<unknown> {
  return {
    Query: {
      order: (_: unknown, { id }: { id: string }) => ({ id, status: 'scheduled' }),
      me: (_: unknown, __: unknown, context: FixtureContext) => ({
        ...requirePrincipal(context),
        correlationId: context.correlationId,
      }),
      brokenReadModel: () => {
        throw new Error('read model connection lost: mongodb://orders-db:27017 timed out');
      },
    },
    Order: {
      __resolveReference: ({ id }: { id: string }) => ({ id, status: 'scheduled' }),
      followUpOf: ({ id }: { id: string }) => ({ id: `${id}-earlier`, status: 'completed' }),
    },
    Mutation: {
      rescheduleOrder: (_: unknown, { id, visitOn }: { id: string; visitOn: string }) => {
        if (visitOn < '2000-01-01') {
          throw new GraphQLError('the visit date is in the past', {
            extensions: { code: 'BAD_USER_INPUT', field: 'visitOn', reason: 'must be today or later' },
          });
        }
        throw new GraphQLError(`order ${id} is completed and cannot be rescheduled`, {
          extensions: { code: 'ORDER_ALREADY_COMPLETED', orderId: id },
        });
      },
    },
    Subscription: {
      orderStatusChanged: {
        subscribe: (_: unknown, __: unknown, context: FixtureContext) => {
          requirePrincipal(context);
          return on(events, 'orderStatusChanged');
        },
        resolve: ([order]: [unknown]) => order,
      },
    },
  } as GraphQLResolverMap<unknown>;
}

const dispatchResolvers: GraphQLResolverMap<unknown> = {
  Query: { dispatcherQueueLength: () => 3 },
  Order: { __resolveReference: ({ id }: { id: string }) => ({ id, assignedWorker: `worker-for-${id}` }) },
} as GraphQLResolverMap<unknown>;

const tokens = loadTokenConfig();

async function contextFrom(authorization: unknown, correlationId: unknown): Promise<FixtureContext> {
  const context: FixtureContext = {
    correlationId: typeof correlationId === 'string' ? correlationId : undefined,
  };
  const token = bearerToken(typeof authorization === 'string' ? authorization : undefined);
  if (token) context.principal = await verifyToken(tokens, token);
  return context;
}

/** Apollo Server gives INTERNAL_SERVER_ERROR to every error nobody classified; so does this one. */
function formatError(error: GraphQLError) {
  const json = error.toJSON();
  const classified = error.originalError === undefined || error.originalError instanceof GraphQLError;
  return classified && json.extensions?.code
    ? json
    : { ...json, extensions: { ...json.extensions, code: 'INTERNAL_SERVER_ERROR' } };
}

export const startOrdersSubgraph = (port = 0) =>
  startSubgraph('orders', port, (events) =>
    buildSubgraphSchema({ typeDefs: ordersTypeDefs, resolvers: ordersResolvers(events) }),
  );
export const startDispatchSubgraph = (port = 0) =>
  startSubgraph('dispatch', port, () =>
    buildSubgraphSchema({ typeDefs: dispatchTypeDefs, resolvers: dispatchResolvers }),
  );

async function startSubgraph(
  name: string,
  port: number,
  build: (events: EventEmitter) => GraphQLSchema,
): Promise<FixtureSubgraph> {
  const events = new EventEmitter();
  const schema = build(events);
  const connections: Record<string, unknown>[] = [];

  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    try {
      const { query, variables, operationName } = JSON.parse(await readBody(req));
      const contextValue = await contextFrom(req.headers.authorization, req.headers['x-correlation-id']);
      const result = await graphql({
        schema,
        source: query,
        variableValues: variables,
        operationName,
        contextValue,
      });
      reply(200, { ...result, errors: result.errors?.map(formatError) });
    } catch (error) {
      if (error instanceof AuthenticationError)
        return reply(401, { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      reply(500, { errors: [{ message: String(error) }] });
    }
  });
  const sockets = new WebSocketServer({ server, path: '/graphql' });
  const graphqlWs = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        connections.push({ ...ctx.connectionParams });
        try {
          await contextFrom(ctx.connectionParams?.authorization, undefined);
          return Boolean(ctx.connectionParams?.authorization);
        } catch {
          return false;
        }
      },
      context: (ctx) =>
        contextFrom(ctx.connectionParams?.authorization, ctx.connectionParams?.['x-correlation-id']),
    },
    sockets,
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;

  return {
    name,
    url: `http://127.0.0.1:${actual}/graphql`,
    connections,
    subscribers: () => events.listenerCount('orderStatusChanged'),
    publishOrderStatus: (order) => void events.emit('orderStatusChanged', order),
    async close() {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (chunk) => (body += chunk))
      .on('end', () => resolve(body))
      .on('error', reject);
  });
}
