import { SignJWT } from 'jose';
import type { Principal } from './principal';
import {
  DEFAULT_MAX_LIFETIME_SECONDS,
  issueToken,
  loadTokenConfig,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  verifyBearerToken,
  verifyToken,
  type TokenConfig,
} from './tokens';

const config: TokenConfig = {
  secret: 'a-test-secret-of-at-least-thirty-two-chars',
  isDevelopmentDefault: false,
};
const now = new Date('2025-03-01T08:00:00Z');
const at = (offsetSeconds: number) => Math.floor(now.getTime() / 1000) + offsetSeconds;

/** A token signed with the right key, issuer and audience, but with whatever times and claims a test needs. */
function craft(claims: Record<string, unknown>, times: { iat?: number; exp?: number }, sub = 'u1') {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE);
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(config.secret));
}
const admin = { role: 'admin' };
const verify = (token: string) => verifyBearerToken(config, token, now);

describe('token lifetime', () => {
  test('a token within its lifetime is accepted, with the moment it expires', async () => {
    const token = await craft(admin, { iat: at(-60), exp: at(3600) });

    await expect(verify(token)).resolves.toEqual({
      principal: { sub: 'u1', role: 'admin' },
      expiresAt: new Date(at(3600) * 1000),
    });
  });

  test('a token without an expiry or without an issue time is refused', async () => {
    await expect(verify(await craft(admin, { iat: at(0) }))).rejects.toThrow(
      'token has no expiry (exp): get a new one',
    );
    await expect(verify(await craft(admin, { exp: at(3600) }))).rejects.toThrow(
      'token has no issue time (iat): get a new one',
    );
  });

  test('a token issued in the future is refused beyond a minute of clock skew', async () => {
    await expect(verify(await craft(admin, { iat: at(60), exp: at(3600) }))).resolves.toBeDefined();
    await expect(verify(await craft(admin, { iat: at(61), exp: at(3600) }))).rejects.toThrow(
      "token is issued in the future (iat 2025-03-01T08:01:01.000Z): check the issuer's clock",
    );
  });

  test('a token may live exactly the maximum and not a second longer; an absurd expiry is refused', async () => {
    const max = DEFAULT_MAX_LIFETIME_SECONDS;
    await expect(verify(await craft(admin, { iat: at(0), exp: at(max) }))).resolves.toBeDefined();
    await expect(verify(await craft(admin, { iat: at(0), exp: at(max + 1) }))).rejects.toThrow(
      `token lives ${max + 1} s; the longest accepted is ${max} s: get a new one`,
    );
    await expect(verify(await craft(admin, { iat: at(0), exp: at(1000 * 365 * 86400) }))).rejects.toThrow(
      /^token lives \d+ s; the longest accepted is 43200 s/,
    );
  });

  test('an expired token is refused from the second it expires', async () => {
    await expect(verify(await craft(admin, { iat: at(-100), exp: at(1) }))).resolves.toBeDefined();
    await expect(verify(await craft(admin, { iat: at(-100), exp: at(0) }))).rejects.toThrow(
      'token expired: get a new one',
    );
  });

  test('tokens are issued within the maximum lifetime only', async () => {
    const short = { ...config, maxLifetimeSeconds: 600 };

    await expect(issueToken(short, { sub: 'a', role: 'admin' }, 600)).resolves.toEqual(expect.any(String));
    await expect(issueToken(short, { sub: 'a', role: 'admin' }, 601)).rejects.toThrow(
      'a token lives 1 to 600 s (JWT_MAX_LIFETIME_SECONDS), not 601 s',
    );
  });

  test('the maximum comes from JWT_MAX_LIFETIME_SECONDS, 12 hours by default; a bad value is named', () => {
    expect(loadTokenConfig({}).maxLifetimeSeconds).toBe(12 * 3600);
    expect(loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: '3600' }).maxLifetimeSeconds).toBe(3600);
    expect(() => loadTokenConfig({ JWT_MAX_LIFETIME_SECONDS: '1h' })).toThrow(
      'JWT_MAX_LIFETIME_SECONDS must be whole seconds from 60 to 604800 (a week), not "1h"',
    );
  });
});

describe('scoped roles', () => {
  const scoped: [Record<string, unknown>, string][] = [
    [{ role: 'dispatcher' }, 'a dispatcher token needs a branch claim'],
    [{ role: 'cs_agent', station: 'sh-xuhui' }, 'a cs_agent token needs a branch claim'],
    [
      { role: 'station_leader', branch: 'shanghai' },
      'a station_leader token needs branch and station claims (missing: station)',
    ],
    [
      { role: 'station_leader', station: 'sh-xuhui', branch: '' },
      'a station_leader token needs branch and station claims (missing: branch)',
    ],
  ];

  test.each(scoped)('a token of %j is refused everywhere, naming what is missing', async (claims, reason) => {
    await expect(verify(await craft(claims, { iat: at(0), exp: at(600) }))).rejects.toThrow(reason);
  });

  test.each(scoped)('and is never issued: %j', async (claims, reason) => {
    await expect(issueToken(config, { sub: 'u1', ...claims } as Principal)).rejects.toThrow(reason);
  });

  test('a scoped role with its scope, and the roles without one, are accepted', async () => {
    const principals: Principal[] = [
      { sub: 'd1', role: 'dispatcher', branch: 'shanghai' },
      { sub: 'l1', role: 'station_leader', branch: 'shanghai', station: 'sh-xuhui' },
      { sub: 'f1', role: 'finance' },
      { sub: 'w1', role: 'worker' },
    ];
    for (const principal of principals)
      await expect(verifyToken(config, await issueToken(config, principal))).resolves.toEqual(principal);
  });
});
