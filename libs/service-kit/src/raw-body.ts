import type { Request } from 'express';

/** A request rejected at the HTTP boundary, with the status to answer and what was wrong. */
export class HttpRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: { field: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

/** The raw body, refused with 413 as soon as it exceeds `limit` bytes (nothing more is buffered). */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit)
    throw new HttpRejection(413, `body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpRejection(413, `body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
