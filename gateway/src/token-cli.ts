import { parseArgs } from 'node:util';
import { isRole, issueToken, loadTokenConfig, roles, type Principal } from '@platform/auth';

const usage =
  'usage: npm run token -- --role <role> --sub <user id> [--branch <branch>] [--station <station>] [--name "<name>"] [--ttl <seconds>]';

export interface TokenRequest {
  principal: Principal;
  ttlSeconds: number;
}

/** Reads the command line; a mistake throws with what to type instead. */
export function parseTokenRequest(argv: string[]): TokenRequest {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      branch: { type: 'string' },
      station: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  if (!values.role) throw new Error(`--role is required (one of ${roles.join(', ')})\n${usage}`);
  if (!isRole(values.role)) throw new Error(`unknown role "${values.role}": use one of ${roles.join(', ')}`);
  if (!values.sub) throw new Error(`--sub (the user id) is required\n${usage}`);
  const ttlSeconds = values.ttl === undefined ? 8 * 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error(`--ttl must be a positive number of seconds, not "${values.ttl}"`);
  const principal: Principal = { sub: values.sub, role: values.role };
  for (const claim of ['branch', 'station', 'name'] as const) {
    if (values[claim]) principal[claim] = values[claim];
  }
  return { principal, ttlSeconds };
}

/** The token alone goes to stdout, so `TOKEN=$(npm run -s token -- …)` works; the hints go to stderr. */
async function main() {
  const config = loadTokenConfig();
  const { principal, ttlSeconds } = parseTokenRequest(process.argv.slice(2));
  const token = await issueToken(config, principal, ttlSeconds);
  const url = `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}/graphql`;
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    [
      '',
      `${principal.role} ${principal.sub}${principal.branch ? ` (branch ${principal.branch})` : ''}, valid ${ttlSeconds} s, ` +
        (config.isDevelopmentDefault
          ? 'signed with the DEVELOPMENT DEFAULT secret (JWT_SECRET is not set)'
          : 'signed with JWT_SECRET'),
      '',
      'curl:',
      `  curl ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '{"query":"{ __typename }"}'`,
      'explorer:',
      `  open ${url} and add the header {"Authorization": "Bearer ${token}"}`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
