import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, Logger } from '@graphql-hive/gateway-runtime';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { loadTokenConfig, type TokenConfig } from '@platform/auth';
import { GraphQLError } from 'graphql';
import { useAuthentication } from './authentication';
import { defaultLimits, type OperationLimits, type SubgraphEndpoint } from './config';
import { CORRELATION_HEADER, correlationIdFrom, createErrorMasking, withCorrelationId } from './errors';
import { useOperationLimits } from './limits';
import { serveConsole } from './console-files';
import { serviceRoutes } from './service-proxy';
import { serveDevSignIn } from './dev-sign-in';
import { signInOptions } from './sign-in-options';
import { serveGraphQLOverWebSocket, subgraphSubscriptionTransport } from './subscriptions';
import { SupergraphPoller, type MissingSubgraph, type SupergraphState } from './supergraph';

export const GRAPHQL_PATH = '/graphql';

/** What GraphiQL opens with: every operation needs a token, so say how to get one first. */
const GRAPHIQL_FIRST_QUERY = `# 先取得令牌 / First get a token:
#   npm run token -- --role dispatcher --sub u1 --branch shanghai
# 再在下方 Headers 填入 / Then set under Headers:
#   {"Authorization": "Bearer <token>"}
{
  orderBoard(page: { limit: 5 }) {
    total
    items { id status item { nameZh } }
  }
}
`;

export interface StartGatewayOptions {
  subgraphs: SubgraphEndpoint[];
  /** 0 picks a free port. */
  port?: number;
  /** Every interface unless given (a container must answer on its pod address). */
  host?: string;
  pollMs?: number;
  limits?: Partial<OperationLimits>;
  tokens?: TokenConfig;
  log?: Logger;
  /** The built console to serve beside the graph (CONSOLE_DIR); none when absent. */
  consoleDir?: string;
  /** Mounts /dev/people and /dev/token (development only, see config). */
  devSignIn?: boolean;
}

export interface Readiness {
  ready: boolean;
  composed: string[];
  /** Subgraphs not composed, or composed but not answering now, each with the reason. */
  missing: MissingSubgraph[];
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Resolves once every configured subgraph is composed, served and answering; rejects with the missing ones after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  readiness(): Readiness;
  close(): Promise<void>;
}

/**
 * Starts the gateway in this process: polls and composes the subgraphs, serves GraphQL over HTTP,
 * SSE and graphql-ws on /graphql, and /healthz and /readyz beside it. It starts even when no
 * subgraph answers yet, and picks each one up when it does.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? new Logger();
  const tokens = options.tokens ?? loadTokenConfig();
  const limits = { ...defaultLimits, ...options.limits };
  const pollMs = options.pollMs ?? 5000;
  if (tokens.isDevelopmentDefault) warnDevelopmentSecret(log);

  let served: string | undefined;
  // Ready only while every subgraph answers: one that stopped answering keeps its fields in the
  // served schema, but every request that needs it fails until it is back.
  const readiness = (): Readiness => {
    const { supergraphSdl, composed, missing } = poller.current();
    const notServing = [...missing, ...poller.unanswered()];
    return {
      ready: notServing.length === 0 && supergraphSdl !== undefined && served === supergraphSdl,
      composed,
      missing: notServing,
    };
  };

  const runtime = createGatewayRuntime({
    supergraph: () => {
      const { supergraphSdl, missing } = poller.current();
      if (supergraphSdl === undefined) throw notServing(missing);
      return supergraphSdl;
    },
    graphqlEndpoint: GRAPHQL_PATH,
    logging: log,
    landingPage: false,
    graphiql: limits.disableIntrospection
      ? false
      : { title: '现场服务平台 · Field-service platform', defaultQuery: GRAPHIQL_FIRST_QUERY },
    // GraphiQL's scripts and styles from the package, not from a CDN: private deployments are offline.
    renderGraphiQL,
    transports: { http: httpTransport, ws: wsTransport },
    transportEntries: subgraphSubscriptionTransport,
    propagateHeaders: {
      // The token for the subgraph's own authorisation; the client's Idempotency-Key so that a retried
      // mutation is recognised by the service that runs it.
      fromClientToSubgraphs: ({ request }) => {
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'idempotency-key']) {
          const value = request.headers.get(name);
          if (value) headers[name] = value;
        }
        return headers;
      },
    },
    // The runtime's request id, under our header name: read from the caller or generated, sent to
    // every subgraph request, echoed in the response and attached to the runtime's log lines.
    requestId: { headerName: CORRELATION_HEADER },
    maskedErrors: { maskError: createErrorMasking(log) },
    ...(limits.disableIntrospection ? { disableIntrospection: {} } : {}),
    plugins: () => [useAuthentication(tokens), useOperationLimits(limits)],
  });

  const poller = new SupergraphPoller({
    subgraphs: options.subgraphs,
    pollMs,
    log,
    onChange: async (state: SupergraphState) => {
      try {
        await runtime.invalidateUnifiedGraph();
        served = state.supergraphSdl;
        log.info(
          { composed: state.composed, missing: state.missing },
          `serving a supergraph of ${state.composed.join(', ')}`,
        );
      } catch (error) {
        log.error({ error }, 'the composed supergraph could not be loaded; still serving the previous one');
      }
    },
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/readyz') {
      const state = readiness();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (req.method === 'GET' && path === '/auth/config')
      return sendJson(res, 200, signInOptions(tokens, !!options.devSignIn));
    const proxy = proxied(path);
    if (proxy) return proxy(req, res, req.url ?? path);
    if (options.devSignIn && path.startsWith('/dev/'))
      return void serveDevSignIn(req, res, path, tokens).catch((error: unknown) => {
        log.error({ error }, 'development sign-in failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'sign-in failed; see the gateway log' });
      });
    if (consoleApp && (req.method === 'GET' || req.method === 'HEAD') && path !== GRAPHQL_PATH)
      return consoleApp(req, res, path);
    serveGraphQL(req, res);
  });
  const consoleApp = options.consoleDir ? serveConsole(options.consoleDir) : undefined;
  const proxied = serviceRoutes(options.subgraphs);
  const serveGraphQL = (req: IncomingMessage, res: ServerResponse) => {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    req.headers[CORRELATION_HEADER] = correlationId;
    withCorrelationId(correlationId, () => runtime.requestListener(req, res));
  };
  const sockets = serveGraphQLOverWebSocket(server, runtime, tokens);

  await poller.start();
  for (const { reason } of poller.current().missing) {
    log.warn(`${reason}; polling every ${pollMs} ms until it answers`);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}${GRAPHQL_PATH}`;
  log.info(`gateway listening on ${url} (health: /healthz, readiness: /readyz)`);

  return {
    url,
    readiness,
    ready(timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (readiness().ready) return resolve();
          if (Date.now() < deadline) return void setTimeout(check, 50);
          const missing = readiness().missing.map((m) => m.reason);
          reject(new Error(`gateway not ready after ${timeoutMs} ms: ${missing.join('; ')}`));
        };
        check();
      });
    },
    async close() {
      await poller.stop();
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}

function notServing(missing: MissingSubgraph[]): GraphQLError {
  return new GraphQLError(missing.map((m) => m.reason).join('; ') || 'no subgraph is composed yet', {
    extensions: { code: 'SUPERGRAPH_NOT_READY', http: { status: 503 } },
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function warnDevelopmentSecret(log: Logger) {
  const line = '!'.repeat(96);
  log.warn(
    [
      line,
      '!!! JWT_SECRET is not set: tokens are signed and verified with the DEVELOPMENT DEFAULT secret.',
      '!!! Anyone can mint a token for any role. Set JWT_SECRET (32+ characters) outside development.',
      line,
    ].join('\n'),
  );
}
