import { SignJWT } from 'jose';
import { crossBranchRoles, isRole, roles } from './principal';
import {
  AuthenticationError,
  bearerToken,
  DEVELOPMENT_JWT_SECRET,
  issueToken,
  loadTokenConfig,
  timeLeft,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  verifyBearerToken,
  verifyToken,
  type TokenConfig,
} from './tokens';

const config: TokenConfig = { secret: 'the-graph-secret-of-at-least-32-chars', isDevelopmentDefault: false };
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token as another issuer might mint it: every part can be set wrong on purpose. */
function craft(
  claims: Record<string, unknown>,
  {
    sub = 'u1',
    issuer = TOKEN_ISSUER,
    audience = TOKEN_AUDIENCE,
    alg = 'HS256',
    secret = config.secret,
    iat = nowSeconds(),
    exp = nowSeconds() + 600,
  }: Partial<{
    sub: string;
    issuer: string;
    audience: string;
    alg: string;
    secret: string;
    iat: number;
    exp: number;
  }> = {},
) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg }).setIssuer(issuer).setAudience(audience);
  if (sub) jwt = jwt.setSubject(sub);
  return jwt.setIssuedAt(iat).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
}

async function refusal(token: string | Promise<string>): Promise<string> {
  try {
    await verifyToken(config, await token);
  } catch (error) {
    if (error instanceof AuthenticationError) return error.message;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('bearer tokens', () => {
  it('gives back who the token speaks for, with the branch, station and name it carries', async () => {
    const leader = {
      sub: 'leader-sh-xuhui',
      role: 'station_leader',
      branch: 'shanghai',
      station: 'sh-xuhui',
      name: '王芳',
    } as const;
    await expect(verifyToken(config, await issueToken(config, leader))).resolves.toEqual(leader);
  });

  it('reads only text claims: a number where a branch belongs gives no branch', async () => {
    await expect(
      verifyToken(config, await craft({ role: 'finance', branch: 7, name: ['x'] })),
    ).resolves.toEqual({
      sub: 'u1',
      role: 'finance',
    });
  });

  it('reads an empty branch as no branch', async () => {
    await expect(
      verifyToken(config, await craft({ role: 'legal', branch: '', station: '' })),
    ).resolves.toEqual({
      sub: 'u1',
      role: 'legal',
    });
  });

  it('issues for eight hours unless told otherwise, and for 1 s up to the maximum in whole seconds', async () => {
    const issued = Date.now();
    const { expiresAt } = await verifyBearerToken(
      config,
      await issueToken(config, { sub: 'a', role: 'admin' }),
    );
    expect(Math.round((expiresAt.getTime() - issued) / 1000 / 60)).toBe(8 * 60);
    await expect(issueToken(config, { sub: 'a', role: 'admin' }, 1)).resolves.toEqual(expect.any(String));
    for (const ttl of [0, -60, 1.5])
      await expect(issueToken(config, { sub: 'a', role: 'admin' }, ttl)).rejects.toThrow(
        `a token lives 1 to 43200 s (JWT_MAX_LIFETIME_SECONDS), not ${ttl} s`,
      );
  });

  it('tells a subscription how long its token still holds, never less than nothing nor past what a timer takes', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(timeLeft(new Date(now + 90_000), now)).toBe(90_000);
    expect(timeLeft(new Date(now - 1), now)).toBe(0);
    expect(timeLeft(new Date(now + 30 * 86_400_000), now)).toBe(2 ** 31 - 1);
  });

  it('refuses a token signed with another secret', async () => {
    expect(await refusal(craft({ role: 'admin' }, { secret: 'another-secret-that-is-32-chars-long' }))).toBe(
      'invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  });

  it('refuses a token from another issuer or for another audience', async () => {
    expect(await refusal(craft({ role: 'admin' }, { issuer: 'someone-else' }))).toBe(
      'invalid token: ERR_JWT_CLAIM_VALIDATION_FAILED',
    );
    expect(await refusal(craft({ role: 'admin' }, { audience: 'another-graph' }))).toBe(
      'invalid token: ERR_JWT_CLAIM_VALIDATION_FAILED',
    );
  });

  it('refuses any algorithm but HS256, even with the right key', async () => {
    expect(await refusal(craft({ role: 'admin' }, { alg: 'HS512' }))).toBe(
      'invalid token: ERR_JOSE_ALG_NOT_ALLOWED',
    );
  });

  it('refuses an expired token and a token that is not a JWT', async () => {
    expect(
      await refusal(craft({ role: 'admin' }, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })),
    ).toBe('token expired: get a new one');
    expect(await refusal('not.a.token')).toBe('invalid token: ERR_JWS_INVALID');
  });

  it('refuses a token without a subject or without a known role, naming the roles', async () => {
    expect(await refusal(craft({ role: 'admin' }, { sub: '' }))).toBe('token has no subject (sub)');
    const roleMessage = `token role must be one of ${roles.join(', ')}`;
    expect(await refusal(craft({ role: 'superuser' }))).toBe(roleMessage);
    expect(await refusal(craft({}))).toBe(roleMessage);
  });
});

describe('roles', () => {
  it('knows exactly the roles of the architecture, and only strings', () => {
    for (const role of roles) expect(isRole(role)).toBe(true);
    for (const value of ['Admin', '', 'root', 1, null, undefined, ['admin']])
      expect(isRole(value)).toBe(false);
  });

  it('lets only admin, finance, legal and QA see every branch', () => {
    expect([...crossBranchRoles].sort()).toEqual(['admin', 'finance', 'legal', 'qa_inspector']);
  });
});

describe('the Authorization header', () => {
  it('has no token when the header is absent or empty', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
  });

  it('takes the token after "Bearer", in any case, from the first header of several', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken(['Bearer first', 'Bearer second'])).toBe('first');
  });

  it('refuses any other scheme or shape, saying what it must be', () => {
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      'Token abc',
      ' Bearer abc',
      'Bearer abc ',
    ])
      expect(() => bearerToken(header)).toThrow(
        new AuthenticationError('Authorization header must be "Bearer <token>"'),
      );
  });
});

describe('the signing key', () => {
  it('uses the marked development default when JWT_SECRET is unset or empty outside production', () => {
    for (const env of [{}, { JWT_SECRET: '' }, { NODE_ENV: 'development' }])
      expect(loadTokenConfig(env)).toMatchObject({
        secret: DEVELOPMENT_JWT_SECRET,
        isDevelopmentDefault: true,
      });
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadTokenConfig({ NODE_ENV: 'production' })).toThrow(
      'JWT_SECRET is required in production (at least 32 characters)',
    );
    expect(() => loadTokenConfig({ NODE_ENV: 'production', JWT_SECRET: '' })).toThrow(
      'JWT_SECRET is required',
    );
  });

  it('takes a maximum token lifetime from a minute to a week, both included', () => {
    expect(loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: '' }).maxLifetimeSeconds).toBe(43200);
    expect(loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: '60' }).maxLifetimeSeconds).toBe(60);
    expect(loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: '604800' }).maxLifetimeSeconds).toBe(604800);
    for (const value of ['59', '604801', '90.5'])
      expect(() => loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: value })).toThrow(
        `JWT_MAX_LIFETIME_SECONDS must be whole seconds from 60 to 604800 (a week), not "${value}"`,
      );
  });

  it('accepts a secret of exactly 32 characters and refuses one shorter', () => {
    const secret = 'x'.repeat(32);
    expect(loadTokenConfig({ NODE_ENV: 'production', JWT_SECRET: secret })).toMatchObject({
      secret,
      isDevelopmentDefault: false,
    });
    expect(() => loadTokenConfig({ JWT_SECRET: secret.slice(1) })).toThrow(
      'JWT_SECRET must be at least 32 characters',
    );
  });
});
