import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSingleSignOn } from './single-sign-on';
import { AuthenticationError, issueToken, TOKEN_AUDIENCE, verifyBearerToken, type TokenConfig } from './tokens';

/**
 * A provider as the company's single sign-on runs one: a discovery document and a key set over
 * HTTP on this machine, and access tokens signed with its private key.
 */
describe('tokens from the single sign-on', () => {
  let server: Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  let served = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      served += 1;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration')
        return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      if (req.url === '/jwks') return res.end(JSON.stringify({ keys: [publicJwk] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const config = (): TokenConfig => ({
    secret: 'the-graph-secret-of-at-least-32-chars',
    isDevelopmentDefault: false,
    singleSignOn: loadSingleSignOn({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'console' }, TOKEN_AUDIENCE),
  });

  const providerToken = (claims: Record<string, unknown>, { audience = TOKEN_AUDIENCE, key = privateKey } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('zhang.san')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);

  it("accepts the provider's access token, found through its discovery document, with the person's role and branch", async () => {
    const token = await providerToken({ role: 'dispatcher', branch: 'shanghai', name: '张三' });
    const { principal } = await verifyBearerToken(config(), token);
    expect(principal).toEqual({ sub: 'zhang.san', role: 'dispatcher', branch: 'shanghai', name: '张三' });
  });

  it("still accepts the platform's own tokens beside the provider's", async () => {
    const token = await issueToken(config(), { sub: 'svc', role: 'admin' });
    await expect(verifyBearerToken(config(), token)).resolves.toMatchObject({ principal: { sub: 'svc' } });
  });

  it('refuses a provider token meant for another audience, signed by another key, or without its scope', async () => {
    const other = await generateKeyPair('RS256');
    await expect(
      verifyBearerToken(config(), await providerToken({ role: 'admin' }, { audience: 'some-other-api' })),
    ).rejects.toThrow(/invalid token: ERR_JWT_CLAIM_VALIDATION_FAILED/);
    await expect(
      verifyBearerToken(config(), await providerToken({ role: 'admin' }, { key: other.privateKey })),
    ).rejects.toThrow(/invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    await expect(verifyBearerToken(config(), await providerToken({ role: 'dispatcher' }))).rejects.toThrow(
      /branch/,
    );
  });

  it('fetches the keys once, not per request', async () => {
    const before = served;
    const token = await providerToken({ role: 'admin' });
    for (let i = 0; i < 5; i++) await verifyBearerToken(config(), token);
    expect(served - before).toBeLessThanOrEqual(2);
  });

  it('says so when the provider cannot be reached, and refuses its tokens until it can', async () => {
    const sso = { ...config(), singleSignOn: loadSingleSignOn({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'c' }, 'a') };
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('x')
      .setIssuer('http://127.0.0.1:9/')
      .setAudience('a')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const refusal = verifyBearerToken(sso, token);
    await expect(refusal).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifyBearerToken(sso, token)).rejects.toThrow(/single sign-on's keys are out of reach/);
  });

  it('reads its settings from the environment, and names what is wrong', () => {
    expect(loadSingleSignOn({}, TOKEN_AUDIENCE)).toBeUndefined();
    expect(
      loadSingleSignOn({ OIDC_ISSUER: 'https://sso.example.cn/realms/ops', OIDC_CLIENT_ID: 'console' }, TOKEN_AUDIENCE),
    ).toEqual({
      issuer: 'https://sso.example.cn/realms/ops',
      audience: TOKEN_AUDIENCE,
      jwksUri: undefined,
      clientId: 'console',
      scope: 'openid profile',
    });
    expect(() => loadSingleSignOn({ OIDC_ISSUER: 'https://sso.example.cn' }, 'a')).toThrow(/OIDC_CLIENT_ID is required/);
    expect(() => loadSingleSignOn({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'c' }, 'a')).toThrow(/OIDC_ISSUER must be a URL/);
    expect(() =>
      loadSingleSignOn({ OIDC_ISSUER: 'http://sso.example.cn', OIDC_CLIENT_ID: 'c', NODE_ENV: 'production' }, 'a'),
    ).toThrow(/https URL in production/);
  });
});
