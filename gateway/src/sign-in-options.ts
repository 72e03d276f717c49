import type { TokenConfig } from '@platform/auth';

/**
 * `GET /auth/config`: how the console signs a person in here, asked before anyone is signed in.
 * It names only what the browser needs for the code flow (no secret: the console is a public client).
 */
export const signInOptions = (tokens: TokenConfig, devSignIn: boolean) => {
  const sso = tokens.singleSignOn;
  return {
    devSignIn,
    singleSignOn: sso ? { issuer: sso.issuer, clientId: sso.clientId, scope: sso.scope } : null,
  };
};
