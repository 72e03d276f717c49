import { createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey } from 'jose';

/**
 * The company's single sign-on (an OIDC provider): the console signs people in there with the
 * authorization-code flow and PKCE, and every service accepts the provider's access tokens, checked
 * against its published keys. Unset (no OIDC_ISSUER): only the platform's own tokens count.
 */
export interface SingleSignOnConfig {
  /** OIDC_ISSUER: the provider's issuer URL, exactly as its tokens' `iss` says it. */
  issuer: string;
  /** OIDC_AUDIENCE: what the tokens' `aud` must contain (the platform's audience by default). */
  audience: string;
  /** OIDC_JWKS_URI: the provider's keys; found through its discovery document when unset. */
  jwksUri?: string;
  /** OIDC_CLIENT_ID: the console's client at the provider (a public client: PKCE, no secret). */
  clientId: string;
  /** OIDC_SCOPE: what the console asks for ("openid profile" by default). */
  scope: string;
}

export function loadSingleSignOn(env: NodeJS.ProcessEnv, defaultAudience: string): SingleSignOnConfig | undefined {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return undefined;
  const url = parseUrl(issuer, 'OIDC_ISSUER');
  if (env.NODE_ENV === 'production' && url.protocol !== 'https:')
    throw new Error(`OIDC_ISSUER must be an https URL in production, not "${issuer}"`);
  if (!env.OIDC_CLIENT_ID) throw new Error('OIDC_CLIENT_ID is required with OIDC_ISSUER: the console\'s client id at the provider');
  if (env.OIDC_JWKS_URI) parseUrl(env.OIDC_JWKS_URI, 'OIDC_JWKS_URI');
  return {
    issuer,
    audience: env.OIDC_AUDIENCE || defaultAudience,
    jwksUri: env.OIDC_JWKS_URI || undefined,
    clientId: env.OIDC_CLIENT_ID,
    scope: env.OIDC_SCOPE || 'openid profile',
  };
}

function parseUrl(value: string, variable: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${variable} must be a URL, not "${value}"`);
  }
}

/** The issuer a token claims, unverified: it only picks which keys verify it. */
export function claimedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

const keySets = new Map<string, Promise<JWTVerifyGetKey>>();

/** The provider's key set, fetched once per process and refreshed by jose when a new key appears. */
export function providerKeys(sso: SingleSignOnConfig): Promise<JWTVerifyGetKey> {
  let keys = keySets.get(sso.issuer);
  if (!keys) {
    keys = (sso.jwksUri ? Promise.resolve(sso.jwksUri) : discoverKeysUri(sso.issuer)).then((uri) =>
      createRemoteJWKSet(new URL(uri)),
    );
    // A provider that did not answer is asked again on the next token, not remembered as down.
    keys.catch(() => keySets.delete(sso.issuer));
    keySets.set(sso.issuer, keys);
  }
  return keys;
}

async function discoverKeysUri(issuer: string): Promise<string> {
  const where = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(where, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`the single sign-on provider's discovery (${where}) answered ${response.status}`);
  const document = (await response.json()) as { issuer?: string; jwks_uri?: string };
  if (document.issuer !== issuer)
    throw new Error(`the provider at ${where} calls itself "${document.issuer}", not OIDC_ISSUER "${issuer}"`);
  if (!document.jwks_uri) throw new Error(`the provider's discovery (${where}) has no jwks_uri`);
  return document.jwks_uri;
}
