import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
}

/**
 * A real HTTP endpoint standing in for a chat bot or a partner's callback receiver: records what
 * arrives and answers with the status the test chooses (to make deliveries fail and retry), as
 * late as the test chooses.
 */
export async function startCaptureServer() {
  const requests: CapturedRequest[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { code: 0, msg: 'success' } };
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
      requests.push({ at: Date.now(), path: req.url ?? '/', headers: req.headers, rawBody, body });
      const { status, body: answered } = answer;
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answered)),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    answerWith(status: number, body: unknown = {}) {
      answer = { status, body };
    },
    /** Answers only after `ms` (a slow receiver); the request is recorded when it arrives. */
    answerAfter(ms: number) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
