import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_TTL_SECONDS, issueToken, missingScope, roles, type Principal, type TokenConfig } from '@platform/auth';
import { z } from 'zod';

/** The demo people the sign-in page offers (the demo data's branches, stations, workers and customers). */
export const demoPeople: (Principal & { nameEn: string })[] = [
  { sub: 'demo-dispatcher-sh', role: 'dispatcher', branch: 'shanghai', name: '王调度（上海）', nameEn: 'Wang, dispatcher (Shanghai)' },
  { sub: 'demo-dispatcher-bj', role: 'dispatcher', branch: 'beijing', name: '李调度（北京）', nameEn: 'Li, dispatcher (Beijing)' },
  { sub: 'leader-sh-xuhui', role: 'station_leader', branch: 'shanghai', station: 'sh-xuhui', name: '徐站长（徐汇站）', nameEn: 'Xu, station leader (Xuhui)' },
  { sub: 'demo-admin', role: 'admin', name: '平台管理员', nameEn: 'Platform admin' },
  { sub: 'w-demo-001', role: 'worker', name: '师傅 w-demo-001', nameEn: 'Worker w-demo-001' },
  { sub: 'demo-customer-1', role: 'customer', name: '顾客 demo-customer-1', nameEn: 'Customer demo-customer-1' },
];

const request = z
  .object({
    role: z.enum(roles),
    sub: z.string().trim().min(1, 'is required').max(100),
    branch: z.string().trim().min(1).max(50).optional(),
    station: z.string().trim().min(1).max(50).optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

const MAX_BODY = 4096;

/**
 * Development sign-in: GET /dev/people lists the demo people, POST /dev/token signs a token for
 * one (or for any role and id, as tests need). Only mounted when DEV_SIGN_IN=true, which the
 * gateway refuses in production (see config): there the console takes its token from single sign-on.
 */
export async function serveDevSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  tokens: TokenConfig,
): Promise<void> {
  if (req.method === 'GET' && path === '/dev/people') return send(res, 200, { people: demoPeople });
  if (req.method !== 'POST' || path !== '/dev/token')
    return send(res, 404, { error: `no ${req.method} ${path}: use GET /dev/people or POST /dev/token` });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    return send(res, 400, { error: `the body is not JSON: ${(error as Error).message}` });
  }
  const parsed = request.safeParse(body);
  if (!parsed.success)
    return send(res, 400, {
      error: 'the sign-in request is not valid',
      problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
    });
  const { role, sub, branch, station, name } = parsed.data;
  const principal: Principal = { role, sub, ...(branch && { branch }), ...(station && { station }), ...(name && { name }) };
  const scope = missingScope(principal);
  if (scope) return send(res, 400, { error: scope, problems: [{ field: 'branch', reason: scope }] });
  const token = await issueToken(tokens, principal, DEFAULT_TTL_SECONDS);
  return send(res, 200, { token, principal, expiresInSeconds: DEFAULT_TTL_SECONDS });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error(`larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
