import { randomUUID } from 'node:crypto';
import { issueToken, loadTokenConfig, type Principal } from '@platform/auth';

export interface GraphQLAnswer {
  status: number;
  correlationId: string | null;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export const dispatcher: Principal = {
  sub: `dispatcher-${randomUUID().slice(0, 8)}`,
  role: 'dispatcher',
  branch: 'shanghai',
  name: 'Li Lei',
};

export const tokenFor = (principal: Principal = dispatcher, ttlSeconds?: number) =>
  issueToken(loadTokenConfig(), principal, ttlSeconds);

/** One GraphQL operation over HTTP, as a frontend sends it. */
export async function graphqlPost(
  url: string,
  query: string,
  options: { token?: string; headers?: Record<string, string>; variables?: Record<string, unknown> } = {},
): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return {
    status: response.status,
    correlationId: response.headers.get('x-correlation-id'),
    ...(await response.json()),
  };
}

/**
 * Subscribes with GraphQL over SSE (`Accept: text/event-stream`) and collects the `next` events'
 * payloads until `stop()`.
 */
export async function subscribeOverSse(url: string, query: string, token: string) {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    signal: abort.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query }),
  });
  const payloads: unknown[] = [];
  let buffered = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^event: next\ndata: (.*)$/m.exec(message)?.[1];
        if (data) payloads.push(JSON.parse(data));
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    payloads,
    async stop() {
      abort.abort();
      await reading;
    },
  };
}
