import { jwtVerify, SignJWT, errors } from 'jose';
import { isRole, missingScope, roles, type Principal } from './principal';
import { claimedIssuer, loadSingleSignOn, providerKeys, type SingleSignOnConfig } from './single-sign-on';

/**
 * HS256 bearer tokens. The default key is a DEVELOPMENT DEFAULT, printed as such at start-up:
 * production sets JWT_SECRET (and would move to an identity provider's asymmetric keys, see ADR 0008).
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-change-me-0123456789';
export const TOKEN_ISSUER = 'field-service-platform';
export const TOKEN_AUDIENCE = 'field-service-graph';
/** A token may live at most this long (JWT_MAX_LIFETIME_SECONDS), a working day and then some. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 12 * 3600;
/** What `npm run token` and tests give a token unless told otherwise. */
export const DEFAULT_TTL_SECONDS = 8 * 3600;
/** How far ahead of our clock an issuer's clock may run before its tokens count as issued in the future. */
export const CLOCK_SKEW_SECONDS = 60;

export interface TokenConfig {
  secret: string;
  isDevelopmentDefault: boolean;
  /** The longest lifetime (exp - iat) accepted and issued; DEFAULT_MAX_LIFETIME_SECONDS when unset. */
  maxLifetimeSeconds?: number;
  /** The company's single sign-on, whose access tokens are accepted too (OIDC_ISSUER, ...). */
  singleSignOn?: SingleSignOnConfig;
}

export function loadTokenConfig(env: NodeJS.ProcessEnv = process.env): TokenConfig {
  const maxLifetimeSeconds = lifetimeSetting(env.JWT_MAX_LIFETIME_SECONDS);
  const singleSignOn = loadSingleSignOn(env, TOKEN_AUDIENCE);
  const secret = env.JWT_SECRET;
  if (secret === undefined || secret === '') {
    if (env.NODE_ENV === 'production')
      throw new Error('JWT_SECRET is required in production (at least 32 characters)');
    return { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentDefault: true, maxLifetimeSeconds, singleSignOn };
  }
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return { secret, isDevelopmentDefault: false, maxLifetimeSeconds, singleSignOn };
}

function lifetimeSetting(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_LIFETIME_SECONDS;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 7 * 24 * 3600)
    throw new Error(
      `JWT_MAX_LIFETIME_SECONDS must be whole seconds from 60 to 604800 (a week), not "${value}"`,
    );
  return seconds;
}

/** The longest lifetime `config` accepts and issues, in seconds. */
export const tokenMaxLifetime = (config: TokenConfig): number =>
  config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;

/** Why a request is not authenticated, in words a client developer can act on. */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

const key = (config: TokenConfig) => new TextEncoder().encode(config.secret);

/**
 * Signs a token for `principal`, valid `ttlSeconds`. Refuses what verification would refuse: a
 * lifetime beyond the configured maximum, and a scoped role without its scope.
 */
export async function issueToken(
  config: TokenConfig,
  principal: Principal,
  ttlSeconds = DEFAULT_TTL_SECONDS,
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > tokenMaxLifetime(config))
    throw new Error(
      `a token lives 1 to ${tokenMaxLifetime(config)} s (JWT_MAX_LIFETIME_SECONDS), not ${ttlSeconds} s`,
    );
  const scope = missingScope(principal);
  if (scope) throw new Error(scope);
  const { sub, role, branch, station, name } = principal;
  return new SignJWT({ role, branch, station, name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(config));
}

/** A verified token: who it speaks for, and until when (a subscription on it ends then). */
export interface VerifiedToken {
  principal: Principal;
  expiresAt: Date;
}

/**
 * Verifies signature, issuer, audience and times. A token must say when it was issued and when it
 * expires, not be issued in the future, and not live longer than the configured maximum: a token
 * minted for years would otherwise outlive any rotation short of a new secret. A token the single
 * sign-on issued is checked against the provider's keys, with the same claims and limits.
 */
export async function verifyBearerToken(
  config: TokenConfig,
  token: string,
  now: Date = new Date(),
): Promise<VerifiedToken> {
  try {
    const sso = config.singleSignOn;
    const { payload } =
      sso && claimedIssuer(token) === sso.issuer
        ? await jwtVerify(token, await providerKeysOrRefuse(sso), {
            issuer: sso.issuer,
            audience: sso.audience,
            algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
            currentDate: now,
          })
        : await jwtVerify(token, key(config), {
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
            algorithms: ['HS256'],
            currentDate: now,
          });
    const { iat, exp } = payload;
    if (exp === undefined) throw new AuthenticationError('token has no expiry (exp): get a new one');
    if (iat === undefined) throw new AuthenticationError('token has no issue time (iat): get a new one');
    const nowSeconds = now.getTime() / 1000;
    if (iat > nowSeconds + CLOCK_SKEW_SECONDS)
      throw new AuthenticationError(
        `token is issued in the future (iat ${new Date(iat * 1000).toISOString()}): check the issuer's clock`,
      );
    if (exp - iat > tokenMaxLifetime(config))
      throw new AuthenticationError(
        `token lives ${exp - iat} s; the longest accepted is ${tokenMaxLifetime(config)} s: get a new one`,
      );
    if (!payload.sub) throw new AuthenticationError('token has no subject (sub)');
    if (!isRole(payload.role)) throw new AuthenticationError(`token role must be one of ${roles.join(', ')}`);
    const principal: Principal = { sub: payload.sub, role: payload.role };
    for (const claim of ['branch', 'station', 'name'] as const) {
      if (typeof payload[claim] === 'string' && payload[claim] !== '') principal[claim] = payload[claim];
    }
    const scope = missingScope(principal);
    if (scope) throw new AuthenticationError(scope);
    return { principal, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof AuthenticationError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthenticationError('token expired: get a new one');
    if (error instanceof errors.JOSEError) throw new AuthenticationError(`invalid token: ${error.code}`);
    throw error;
  }
}

const providerKeysOrRefuse = (sso: SingleSignOnConfig) =>
  providerKeys(sso).catch((error: Error) => {
    throw new AuthenticationError(`the single sign-on's keys are out of reach (${error.message}); try again shortly`);
  });

/** How long a token still holds, in milliseconds, for a timer (setTimeout fires at once past 2^31 - 1). */
export const timeLeft = (expiresAt: Date, now = Date.now()): number =>
  Math.min(Math.max(0, expiresAt.getTime() - now), 2 ** 31 - 1);

export async function verifyToken(config: TokenConfig, token: string): Promise<Principal> {
  return (await verifyBearerToken(config, token)).principal;
}

/** Reads `Authorization: Bearer <token>`; undefined when the header is absent. */
export function bearerToken(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  return match[1];
}
