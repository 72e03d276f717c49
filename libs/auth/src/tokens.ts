import { jwtVerify, SignJWT, errors } from 'jose';
import { isRole, roles, type Principal } from './principal';

/**
 * HS256 bearer tokens. The default key is a DEVELOPMENT DEFAULT, printed as such at start-up:
 * production sets JWT_SECRET (and would move to an identity provider's asymmetric keys, see ADR 0008).
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-change-me-0123456789';
export const TOKEN_ISSUER = 'field-service-platform';
export const TOKEN_AUDIENCE = 'field-service-graph';

export interface TokenConfig {
  secret: string;
  isDevelopmentDefault: boolean;
}

export function loadTokenConfig(env: NodeJS.ProcessEnv = process.env): TokenConfig {
  const secret = env.JWT_SECRET;
  if (secret === undefined || secret === '') {
    if (env.NODE_ENV === 'production')
      throw new Error('JWT_SECRET is required in production (at least 32 characters)');
    return { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentDefault: true };
  }
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return { secret, isDevelopmentDefault: false };
}

/** Why a request is not authenticated, in words a client developer can act on. */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

const key = (config: TokenConfig) => new TextEncoder().encode(config.secret);

export async function issueToken(
  config: TokenConfig,
  principal: Principal,
  ttlSeconds = 8 * 3600,
): Promise<string> {
  const { sub, ...claims } = principal;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(config));
}

export async function verifyToken(config: TokenConfig, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, key(config), {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['HS256'],
    });
    if (!payload.sub) throw new AuthenticationError('token has no subject (sub)');
    if (!isRole(payload.role)) throw new AuthenticationError(`token role must be one of ${roles.join(', ')}`);
    const principal: Principal = { sub: payload.sub, role: payload.role };
    for (const claim of ['branch', 'station', 'name'] as const) {
      if (typeof payload[claim] === 'string') principal[claim] = payload[claim];
    }
    return principal;
  } catch (error) {
    if (error instanceof AuthenticationError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthenticationError('token expired: get a new one');
    if (error instanceof errors.JOSEError) throw new AuthenticationError(`invalid token: ${error.code}`);
    throw error;
  }
}

/** Reads `Authorization: Bearer <token>`; undefined when the header is absent. */
export function bearerToken(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  return match[1];
}
