import { app } from '@azure/functions';
import { handle } from '../http/handle';
import { TOKEN_EXCHANGE_GRANT, TOKEN_TYPE } from '../lib/exchange/exchangeRequest';

/**
 * `GET /api/.well-known/openid-configuration`: authorization server metadata (RFC 8414) so
 * platform services find the issuer and key set without configuration.
 */
export const openidConfiguration = handle({ style: 'bearer' }, async (bridge) => {
  const { issuer } = bridge.config.bridge;
  return {
    status: 200,
    jsonBody: {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/me`,
      grant_types_supported: [TOKEN_EXCHANGE_GRANT],
      token_endpoint_auth_methods_supported: ['none'],
      subject_token_types_supported: [TOKEN_TYPE.accessToken, TOKEN_TYPE.jwt],
      id_token_signing_alg_values_supported: [],
      access_token_signing_alg_values_supported: [
        ...new Set(bridge.tokens.jwks.keys.map((k) => String(k.alg))),
      ],
      response_types_supported: [],
    },
    headers: { 'Cache-Control': 'public, max-age=300' },
  };
});

app.http('openidConfiguration', {
  route: 'api/.well-known/openid-configuration',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: openidConfiguration,
});
