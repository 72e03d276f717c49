import {
  EdgeSettingsError,
  loadListenHost,
  loadOperationLimits,
  type OperationLimits as EnforcedLimits,
} from '@platform/service-kit/edge';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** One subgraph the gateway composes: its name in the supergraph and its GraphQL HTTP endpoint. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** Operation limits (GRAPHQL_MAX_*, shared with every subgraph); every one is enforced before a subgraph is called. */
export interface OperationLimits extends EnforcedLimits {
  /** Suggestions ("Did you mean …?") reveal the schema even where introspection is off. */
  blockFieldSuggestions: boolean;
  disableIntrospection: boolean;
}

export interface GatewayConfig {
  port: number;
  /** The address to listen on: loopback unless the deployment says otherwise (LISTEN_HOST). */
  host: string;
  subgraphs: SubgraphEndpoint[];
  pollMs: number;
  limits: OperationLimits;
  /** The built console served on the gateway's origin (CONSOLE_DIR). */
  consoleDir: string;
  /** The development sign-in endpoints (DEV_SIGN_IN=true); refused in production. */
  devSignIn: boolean;
}

const subgraphList = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const subgraphs: SubgraphEndpoint[] = [];
  for (const entry of entries) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)=(https?:\/\/\S+)$/.exec(entry);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not name=http(s)://host:port/path` });
      return z.NEVER;
    }
    if (subgraphs.some((s) => s.name === match[1])) {
      ctx.addIssue({ code: 'custom', message: `subgraph "${match[1]}" is listed twice` });
      return z.NEVER;
    }
    subgraphs.push({ name: match[1]!, url: match[2]! });
  }
  if (subgraphs.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'lists no subgraph' });
    return z.NEVER;
  }
  return subgraphs;
});

const positiveInt = z.coerce.number().int().positive();

const gatewayEnvSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  SUBGRAPHS: subgraphList.default([{ name: 'orders', url: 'http://127.0.0.1:4001/graphql' }]),
  SUPERGRAPH_POLL_MS: positiveInt.min(100).default(5000),
  NODE_ENV: z.string().optional(),
  CONSOLE_DIR: z.string().default(join(__dirname, '..', '..', 'apps', 'console', 'dist')),
  DEV_SIGN_IN: z.enum(['true', 'false']).default('false'),
});

/** A bad variable stops the gateway at start-up, named with the reason (README, "Environment variables"). */
export class GatewayConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(`invalid environment: ${problems.map((p) => `${p.variable}: ${p.reason}`).join('; ')}`);
    this.name = 'GatewayConfigError';
  }
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const unsetEmpty = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = gatewayEnvSchema.safeParse(unsetEmpty);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: i.path.join('.'), reason: i.message }));
  const edge = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof EdgeSettingsError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const limits = edge(() => loadOperationLimits(env));
  const host = edge(() => loadListenHost(env));
  if (!parsed.success || !limits || !host) throw new GatewayConfigError(problems);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.DEV_SIGN_IN === 'true')
    throw new GatewayConfigError([
      { variable: 'DEV_SIGN_IN', reason: 'development sign-in is refused in production: sign in through single sign-on' },
    ]);
  return {
    port: e.GATEWAY_PORT,
    host,
    subgraphs: e.SUBGRAPHS,
    pollMs: e.SUPERGRAPH_POLL_MS,
    consoleDir: resolve(e.CONSOLE_DIR),
    devSignIn: e.DEV_SIGN_IN === 'true',
    limits: {
      ...limits,
      blockFieldSuggestions: production,
      disableIntrospection: production,
    },
  };
}

export const defaultLimits: OperationLimits = loadGatewayConfig({}).limits;
