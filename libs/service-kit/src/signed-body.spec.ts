import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@platform/auth';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { HttpRejection } from './raw-body';
import { readSignedJson } from './signed-body';

const secret = 'a-webhook-secret';
const options = { secret, limit: 1024, what: 'test order' };

/** A request as express hands it over: a stream of the body, with its headers. */
function request(body: string, headers: Record<string, string> = {}): Request {
  const stream = Readable.from([Buffer.from(body)]) as unknown as Request;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(stream, { headers: lower, header: (name: string) => lower[name.toLowerCase()] });
}

function signed(body: string, at = Math.floor(Date.now() / 1000), key = secret) {
  return request(body, {
    [SIGNATURE_HEADER]: sign(key, at, body),
    [TIMESTAMP_HEADER]: String(at),
    'content-length': String(Buffer.byteLength(body)),
  });
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      if (error instanceof HttpRejection) return { status: error.status, message: error.message };
      throw error;
    },
  );

describe('reading a signed JSON body', () => {
  it('gives the body and the signature of a request signed with the secret', async () => {
    const req = signed('{"orderId":"o-1"}');
    const signature = req.header(SIGNATURE_HEADER);
    expect(await readSignedJson(req, options)).toEqual({ body: { orderId: 'o-1' }, signature });
  });

  it('refuses another secret, a changed body and a stale timestamp with 401, saying why', async () => {
    expect(await rejection(readSignedJson(signed('{}', undefined, 'not-the-secret'), options))).toEqual({
      status: 401,
      message: 'signature rejected: signature does not match',
    });
    const changed = signed('{"amount":1}');
    const tampered = request('{"amount":9}', { ...changed.headers } as Record<string, string>);
    expect((await rejection(readSignedJson(tampered, options))).status).toBe(401);
    const stale = await rejection(readSignedJson(signed('{}', Math.floor(Date.now() / 1000) - 301), options));
    expect(stale).toEqual({
      status: 401,
      message: expect.stringMatching(/^signature rejected: timestamp is 30\d s away/),
    });
    expect(await rejection(readSignedJson(request('{}'), options))).toEqual({
      status: 401,
      message: `signature rejected: missing ${TIMESTAMP_HEADER} header (unix seconds)`,
    });
  });

  it('checks the size before the signature, and the JSON after it', async () => {
    expect((await rejection(readSignedJson(signed('x'.repeat(1025)), options))).status).toBe(413);
    expect((await rejection(readSignedJson(request('x'.repeat(1025)), options))).status).toBe(413);
    expect(await rejection(readSignedJson(signed('{not json'), options))).toEqual({
      status: 400,
      message: 'body is not valid JSON',
    });
    expect((await rejection(readSignedJson(request('{not json'), options))).status).toBe(401);
  });
});
