// The company's single sign-on as the browser tests meet it: panva's oidc-provider (a certified
// OpenID provider) in its own Node process, since it is an ES module whose configuration checks
// do not accept objects made inside jest's sandbox. Settings come from the environment:
// OIDC_PORT, OIDC_REDIRECT_URI, OIDC_PEOPLE (JSON: sub -> { role, branch?, station?, name }).
import { Provider } from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const people = JSON.parse(process.env.OIDC_PEOPLE ?? '{}');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'field-service-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  findAccount: (_ctx, sub) =>
    people[sub] ? { accountId: sub, claims: () => ({ sub, name: people[sub].name }) } : undefined,
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:field-service:graph',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile',
        audience: 'field-service-graph',
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // The directory's role and branch go into the access token, as the company's provider maps them.
  extraTokenClaims: (_ctx, token) => ({ ...(people[token.accountId] ?? {}) }),
  clientBasedCORS: () => true,
});

const server = provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider ready at ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
