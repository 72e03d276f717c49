import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@platform/auth';
import type { Request } from 'express';
import { parseJsonBody } from './json-body';
import { HttpRejection, readRawBody } from './raw-body';

/**
 * A signed webhook's or callback's body, the one way every service reads one, checked in this
 * order: size (413, nothing past `limit` is buffered), HMAC signature and timestamp (401, see
 * @platform/auth's hmac), then JSON and its depth (400) and text that cannot be stored (422,
 * `invalid <what>`). `signature` identifies the very request, for telling a replay from a retry.
 */
export async function readSignedJson(
  req: Request,
  options: { secret: string; limit: number; what: string },
): Promise<{ body: unknown; signature: string }> {
  const rawBody = await readRawBody(req, options.limit);
  const signature = req.header(SIGNATURE_HEADER);
  const check = verifySignature({
    secret: options.secret,
    rawBody,
    signature,
    timestamp: req.header(TIMESTAMP_HEADER),
    now: new Date(),
  });
  if (!check.ok) throw new HttpRejection(401, `signature rejected: ${check.reason}`);
  return { body: parseJsonBody(rawBody, options.what), signature: signature! };
}
