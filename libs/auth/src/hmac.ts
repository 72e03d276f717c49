import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed HTTP messages between us and partner channels, both directions: HMAC-SHA256 over
 * `<unix seconds>.<raw body>` so that neither the body nor its time can be changed or replayed
 * outside the tolerance window. Header names follow the common `X-Signature` convention.
 */
export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-signature-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestampSeconds: number, rawBody: Buffer | string): string {
  return (
    'sha256=' + createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex')
  );
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(input: {
  secret: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!input.timestamp) return { ok: false, reason: `missing ${TIMESTAMP_HEADER} header (unix seconds)` };
  if (!/^\d{9,11}$/.test(input.timestamp))
    return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  if (!input.signature) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header (sha256=<hex>)` };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (skew > tolerance)
    return {
      ok: false,
      reason: `timestamp is ${Math.round(skew)} s away from now; the window is ${tolerance} s`,
    };
  const expected = Buffer.from(sign(input.secret, Number(input.timestamp), input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
