import { createHmac } from 'node:crypto';
import { DEFAULT_TOLERANCE_SECONDS, sign, verifySignature } from './hmac';

const secret = 'partner-secret-douyin';
const now = new Date('2026-05-01T10:00:00.000Z');
const nowSeconds = now.getTime() / 1000;
const body = Buffer.from('{"order_id":"DY-1","service_code":"CLEAN-2H"}');

/** A partner's request as a shell script would sign it: `<unix seconds>.<raw body>` with openssl. */
const signedAt = (timestampSeconds: number, rawBody = body, key = secret) => ({
  secret,
  rawBody,
  timestamp: String(timestampSeconds),
  signature: sign(key, timestampSeconds, rawBody),
  now,
});

describe('partner webhook signatures', () => {
  it('signs HMAC-SHA256 over "<timestamp>.<body>", as a partner reproduces it with openssl', () => {
    const expected = createHmac('sha256', secret).update(`${nowSeconds}.${body.toString()}`).digest('hex');
    expect(sign(secret, nowSeconds, body)).toBe(`sha256=${expected}`);
    expect(sign(secret, nowSeconds, body.toString())).toBe(`sha256=${expected}`);
  });

  it('accepts a request signed just now', () => {
    expect(verifySignature(signedAt(nowSeconds))).toEqual({ ok: true });
  });

  it('accepts a timestamp exactly at the edge of the window, either side of now, and not a second beyond', () => {
    const window = DEFAULT_TOLERANCE_SECONDS;
    expect(window).toBe(300);
    expect(verifySignature(signedAt(nowSeconds - window))).toEqual({ ok: true });
    expect(verifySignature(signedAt(nowSeconds + window))).toEqual({ ok: true });
    expect(verifySignature(signedAt(nowSeconds - window - 1))).toEqual({
      ok: false,
      reason: 'timestamp is 301 s away from now; the window is 300 s',
    });
    expect(verifySignature(signedAt(nowSeconds + window + 1))).toEqual({
      ok: false,
      reason: 'timestamp is 301 s away from now; the window is 300 s',
    });
  });

  it('uses the window it is given instead of the default', () => {
    expect(verifySignature({ ...signedAt(nowSeconds - 60), toleranceSeconds: 60 })).toEqual({ ok: true });
    expect(verifySignature({ ...signedAt(nowSeconds - 61), toleranceSeconds: 60 })).toEqual({
      ok: false,
      reason: 'timestamp is 61 s away from now; the window is 60 s',
    });
  });

  it('refuses a body changed after signing', () => {
    const tampered = { ...signedAt(nowSeconds), rawBody: Buffer.from(body.toString().replace('2H', '4H')) };
    expect(verifySignature(tampered)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    expect(verifySignature(signedAt(nowSeconds, body, 'someone-elses-secret'))).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a valid signature moved to another timestamp inside the window (no replay with a new time)', () => {
    const request = signedAt(nowSeconds - 10);
    expect(verifySignature({ ...request, timestamp: String(nowSeconds) })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('refuses a signature of another length or without its "sha256=" prefix', () => {
    const request = signedAt(nowSeconds);
    expect(verifySignature({ ...request, signature: request.signature.slice(0, -1) })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(verifySignature({ ...request, signature: request.signature.replace('sha256=', '') })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('names the missing or malformed header', () => {
    const request = signedAt(nowSeconds);
    expect(verifySignature({ ...request, timestamp: undefined })).toEqual({
      ok: false,
      reason: 'missing x-signature-timestamp header (unix seconds)',
    });
    expect(verifySignature({ ...request, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing x-signature header (sha256=<hex>)',
    });
    for (const timestamp of [
      `${nowSeconds * 1000}`,
      `${nowSeconds}00`,
      `${nowSeconds}.5`,
      `+${nowSeconds}`,
      `${nowSeconds} `,
    ])
      expect(verifySignature({ ...request, timestamp })).toEqual({
        ok: false,
        reason: 'x-signature-timestamp must be unix seconds',
      });
  });
});
