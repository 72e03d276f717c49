import { retryExchange } from '@urql/exchange-retry';
import { createClient as createWsClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { reportConnection } from './connection';
import { isUnauthenticated } from './problems';

/**
 * The one client of the gateway's graph: HTTP for queries and mutations, graphql-ws for
 * subscriptions, both on the app's own origin (the gateway serves the app). A network failure is
 * retried with backoff while the banner says so; an expired or refused token signs the person out
 * (`onUnauthenticated`), keeping where they were.
 */
export function graphClient(token: string, onUnauthenticated: () => void): { client: Client; close: () => void } {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && event.code === 4401),
    on: {
      connected: () => reportConnection(true),
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4401) onUnauthenticated();
        else if (code !== 1000) reportConnection(false);
      },
    },
  });
  const client = new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      cacheExchange,
      retryExchange({
        initialDelayMs: 500,
        maxDelayMs: 10_000,
        maxNumberAttempts: Infinity,
        retryIf: (error, operation) => !!error.networkError && operation.kind !== 'mutation',
      }),
      mapExchange({
        onResult(result) {
          if (isUnauthenticated(result.error)) onUnauthenticated();
          else if (!result.error?.networkError) reportConnection(true);
          return result;
        },
        onError(error) {
          if (error.networkError) reportConnection(false);
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, close: () => void ws.dispose() };
}
