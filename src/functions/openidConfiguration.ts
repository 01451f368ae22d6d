import { app } from '@azure/functions';
import { handle } from '../http/handle';
import { serverMetadata } from '../lib/platform/serverMetadata';

/**
 * Authorization server metadata (RFC 8414) so platform services find the issuer, key set,
 * algorithms and introspection endpoint from the issuer URL alone. One document, two
 * places: OpenID Connect discovery's `{issuer}/.well-known/openid-configuration` and RFC
 * 8414 §3.1's `/.well-known/oauth-authorization-server{issuer path}` (the route prefix is
 * empty in host.json, so this route can live outside `/api`).
 */
export const openidConfiguration = handle({ style: 'bearer' }, async (bridge) => {
  const { issuer } = bridge.config.bridge;
  return {
    status: 200,
    jsonBody: serverMetadata(
      issuer,
      bridge.tokens.jwks.keys.map((k) => String(k.alg)),
    ),
    headers: { 'Cache-Control': 'public, max-age=300' },
  };
});

app.http('openidConfiguration', {
  route: 'api/.well-known/openid-configuration',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: openidConfiguration,
});

app.http('oauthAuthorizationServer', {
  route: '.well-known/oauth-authorization-server/api',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: openidConfiguration,
});
