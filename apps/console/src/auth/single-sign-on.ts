/**
 * Sign-in through the company's single sign-on: the OIDC authorization-code flow with PKCE, the
 * console being a public client (no secret in a browser). The provider's access token is the
 * session's token; every service checks it against the provider's keys.
 */
export interface SingleSignOn {
  issuer: string;
  clientId: string;
  scope: string;
}

export interface SignInOptions {
  devSignIn: boolean;
  singleSignOn: SingleSignOn | null;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** What is remembered on this tab between leaving for the provider and coming back. */
interface Pending {
  state: string;
  verifier: string;
  next: string | null;
  tokenEndpoint: string;
}

const PENDING = 'console.signIn';
export const CALLBACK_PATH = '/sign-in/callback';

/** How this deployment signs people in (the gateway's `GET /auth/config`). */
export async function signInOptions(): Promise<SignInOptions> {
  const response = await fetch('/auth/config');
  if (!response.ok) throw new Error(`GET /auth/config answered ${response.status}`);
  return (await response.json()) as SignInOptions;
}

async function discover(issuer: string): Promise<Discovery> {
  const where = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(where);
  if (!response.ok) throw new Error(`the sign-on provider (${where}) answered ${response.status}`);
  return (await response.json()) as Discovery;
}

const base64Url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));
const callbackUrl = () => `${location.origin}${CALLBACK_PATH}`;

/** Leaves for the provider's sign-in page; `next` is where to return once signed in. */
export async function goToSingleSignOn(sso: SingleSignOn, next: string | null): Promise<void> {
  const { authorization_endpoint, token_endpoint } = await discover(sso.issuer);
  const pending: Pending = { state: randomText(), verifier: randomText(), next, tokenEndpoint: token_endpoint };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier)));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: sso.clientId,
    redirect_uri: callbackUrl(),
    scope: sso.scope,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the provider: trades the code for the access token; says in words what went wrong. */
export async function finishSingleSignOn(
  sso: SingleSignOn,
  query: URLSearchParams,
): Promise<{ token: string; next: string | null }> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  const refused = query.get('error');
  if (refused) throw new Error(`${refused}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}`);
  if (!pending || query.get('state') !== pending.state)
    throw new Error('this sign-in was not started on this tab (state does not match): start again');
  const code = query.get('code');
  if (!code) throw new Error('the provider sent no code: start again');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: callbackUrl(),
      client_id: sso.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token)
    throw new Error(body.error_description ?? body.error ?? `the provider's token endpoint answered ${response.status}`);
  return { token: body.access_token, next: pending.next };
}
