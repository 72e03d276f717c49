import type { NextFunction, Request, Response } from 'express';
import { HttpRejection } from './raw-body';
import { unstorableText } from './unstorable-text';

/** Deeper than any payload we take (webhooks, callbacks, GraphQL variables need a handful of levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply a parsed JSON value nests (a scalar is 0, `[1]` is 1), counted without recursion and
 * given up on past `limit`: checks further down (NUL characters, validation) may recurse, so a
 * body 2,000 levels deep is refused here, at the boundary, before anything can overflow the stack.
 */
export function jsonDepthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (!item || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

const tooDeep = () =>
  new HttpRejection(400, `body nests deeper than ${MAX_JSON_DEPTH} levels`, [
    { field: '(body)', reason: `must not nest deeper than ${MAX_JSON_DEPTH} levels` },
  ]);

/**
 * A webhook's or callback's raw body as JSON, the one way every service reads one: 400 when it is
 * not JSON or nests too deeply, 422 (`invalid <what>`) naming each string that cannot be stored
 * (a NUL character, a lone surrogate). What the service then validates is safe to walk.
 */
export function parseJsonBody(rawBody: Buffer, what: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new HttpRejection(400, 'body is not valid JSON');
  }
  if (jsonDepthExceeds(body)) throw tooDeep();
  const problems = unstorableText(body);
  if (problems.length > 0) throw new HttpRejection(422, `invalid ${what}`, problems);
  return body;
}

/**
 * After express.json on /graphql: a body nested too deeply is answered 400 in GraphQL's error shape
 * before Apollo walks its variables.
 */
export function refuseDeepGraphQLBody(req: Request, res: Response, next: NextFunction): void {
  if (!jsonDepthExceeds(req.body)) return next();
  const { message, problems } = tooDeep();
  res.status(400).json({
    errors: [{ message, extensions: { code: 'BAD_USER_INPUT', ...problems[0], problems } }],
  });
}
