import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SubgraphEndpoint } from './config';

/** Headers a client's upload or download needs at the owning service, and nothing else. */
const FORWARDED = [
  'authorization',
  'content-type',
  'content-length',
  'content-encoding',
  'content-disposition',
  'x-correlation-id',
  'if-none-match',
  'range',
];

/**
 * HTTP paths of a service (not GraphQL) passed through to it, so that the app keeps to one origin:
 * `/files` (photos, signatures, documents) to orders, `/imports/staff` (staff spreadsheets) to
 * workforce. The service checks the caller's bearer token and decides; the gateway only passes it on.
 * Bodies stream both ways, so a large upload is not held in the gateway.
 */
export function serviceProxy(subgraphs: SubgraphEndpoint[], service: string, what: string) {
  const endpoint = subgraphs.find((s) => s.name === service);
  const base = endpoint ? new URL(endpoint.url) : undefined;
  return (req: IncomingMessage, res: ServerResponse, pathAndQuery: string): void => {
    if (!base) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(
        JSON.stringify({ error: `no ${service} subgraph is configured (SUBGRAPHS), so there are no ${what} to serve` }),
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const target = new URL(pathAndQuery, base);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent)
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: `the ${service} service did not answer: ${error.message}; try again` }));
      else res.destroy(error);
    });
    req.pipe(upstream);
  };
}

/** Which service answers a path outside /graphql, if any. */
export function serviceRoutes(subgraphs: SubgraphEndpoint[]) {
  const routes = [
    { prefix: '/files', proxy: serviceProxy(subgraphs, 'orders', 'files') },
    { prefix: '/imports/staff', proxy: serviceProxy(subgraphs, 'workforce', 'staff imports') },
  ];
  return (path: string) =>
    routes.find((route) => path === route.prefix || path.startsWith(`${route.prefix}/`))?.proxy;
}
