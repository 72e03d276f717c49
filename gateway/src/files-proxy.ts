import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SubgraphEndpoint } from './config';

/** Headers a client's upload or download needs at the orders service, and nothing else. */
const FORWARDED = ['authorization', 'content-type', 'content-length', 'x-correlation-id', 'if-none-match', 'range'];

/**
 * `/files` (photos, fault pictures, signatures, documents) passed through to the orders service,
 * which owns them and checks who may upload or see each one: the app keeps to one origin.
 * Bodies stream both ways, so a large upload is not held in the gateway.
 */
export function filesProxy(subgraphs: SubgraphEndpoint[]) {
  const orders = subgraphs.find((s) => s.name === 'orders');
  const base = orders ? new URL(orders.url) : undefined;
  return (req: IncomingMessage, res: ServerResponse, pathAndQuery: string): void => {
    if (!base) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(
        JSON.stringify({ error: 'no orders subgraph is configured (SUBGRAPHS), so there are no files to serve' }),
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
          .end(JSON.stringify({ error: `the orders service did not answer: ${error.message}; try again` }));
      else res.destroy(error);
    });
    req.pipe(upstream);
  };
}
