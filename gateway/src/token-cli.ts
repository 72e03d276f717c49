import { parseArgs } from 'node:util';
import {
  DEFAULT_TTL_SECONDS,
  isRole,
  issueToken,
  loadTokenConfig,
  missingScope,
  roles,
  tokenMaxLifetime,
  type Principal,
  type TokenConfig,
} from '@platform/auth';

const usage =
  'usage: npm run token -- --role <role> --sub <user id> [--branch <branch>] [--station <station>] [--name "<name>"] [--ttl <seconds>]';

export interface TokenRequest {
  principal: Principal;
  ttlSeconds: number;
}

/** Reads the command line; a mistake throws with what to type instead. */
export function parseTokenRequest(argv: string[], maxLifetimeSeconds: number): TokenRequest {
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
  const ttlSeconds = values.ttl === undefined ? DEFAULT_TTL_SECONDS : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error(`--ttl must be a positive number of seconds, not "${values.ttl}"`);
  if (ttlSeconds > maxLifetimeSeconds)
    throw new Error(
      `--ttl ${ttlSeconds} is longer than a token may live (${maxLifetimeSeconds} s, JWT_MAX_LIFETIME_SECONDS)`,
    );
  const principal: Principal = { sub: values.sub, role: values.role };
  for (const claim of ['branch', 'station', 'name'] as const) {
    if (values[claim]) principal[claim] = values[claim];
  }
  const scope = missingScope(principal);
  if (scope)
    throw new Error(
      `${scope}: add ${scope.includes('station') ? '--branch <branch> --station <station>' : '--branch <branch>'}`,
    );
  return { principal, ttlSeconds };
}

export interface KnownBranch {
  id: string;
  stations: { id: string }[];
}

/** Warnings for a branch or station that the organisation (workforce) does not know. */
export function scopeWarnings(principal: Principal, branches: KnownBranch[]): string[] {
  const warnings: string[] = [];
  const branch = principal.branch && branches.find((b) => b.id === principal.branch);
  if (principal.branch && !branch)
    warnings.push(
      `warning: branch "${principal.branch}" is not a known branch (known: ${branches.map((b) => b.id).join(', ') || 'none'})`,
    );
  if (principal.station && branch && !branch.stations.some((s) => s.id === principal.station))
    warnings.push(
      `warning: station "${principal.station}" is not a station of ${branch.id} (its stations: ${branch.stations.map((s) => s.id).join(', ') || 'none'})`,
    );
  return warnings;
}

/**
 * The branches and stations workforce knows, asked through the gateway with a short-lived admin
 * token; undefined (with the reason) when the platform is not running, so a token can still be made.
 */
async function knownBranches(
  config: TokenConfig,
  url: string,
): Promise<{ branches: KnownBranch[] } | { unchecked: string }> {
  try {
    const admin = await issueToken(config, { sub: 'token-cli', role: 'admin' }, 60);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: '{ branches { id stations { id } } }' }),
      signal: AbortSignal.timeout(3000),
    });
    const body = (await response.json()) as {
      data?: { branches?: KnownBranch[] };
      errors?: { message: string }[];
    };
    if (!body.data?.branches) return { unchecked: body.errors?.[0]?.message ?? `HTTP ${response.status}` };
    return { branches: body.data.branches };
  } catch (error) {
    return { unchecked: error instanceof Error ? error.message : String(error) };
  }
}

/** The token alone goes to stdout, so `TOKEN=$(npm run -s token -- …)` works; the hints go to stderr. */
async function main() {
  const config = loadTokenConfig();
  const { principal, ttlSeconds } = parseTokenRequest(process.argv.slice(2), tokenMaxLifetime(config));
  const token = await issueToken(config, principal, ttlSeconds);
  const url = `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}/graphql`;
  process.stdout.write(`${token}\n`);
  if (principal.branch) {
    const known = await knownBranches(config, url);
    const warnings =
      'branches' in known
        ? scopeWarnings(principal, known.branches)
        : [`(branch and station not checked: ${known.unchecked})`];
    if (warnings.length > 0) process.stderr.write(`\n${warnings.join('\n')}\n`);
  }
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
