import { TOKEN_EXCHANGE_GRANT, TOKEN_TYPE } from '../exchange/exchangeRequest';

/**
 * The authorization server metadata of the bridge (RFC 8414 §2), served both at
 * `{issuer}/.well-known/openid-configuration` (where OpenID Connect discovery looks) and at
 * the RFC 8414 §3.1 location `/.well-known/oauth-authorization-server{issuer path}`.
 *
 * Resource-server libraries configured with the issuer URL alone read this document to find
 * the key set and the algorithms to accept. Every member below is there because a standard
 * defines it for what the bridge does, or because such a library reads it; the bridge has
 * no authorization endpoint and issues no ID token, so nothing here announces an
 * interactive or OpenID Connect flow.
 */
export function serverMetadata(
  issuer: string,
  signingAlgorithms: readonly string[],
): Record<string, unknown> {
  const algorithms = [...new Set(signingAlgorithms)];
  return {
    // RFC 8414 §2 REQUIRED; libraries compare it with the configured issuer and with `iss`.
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    // The RFC 8693 exchange is the one grant the token endpoint speaks; clients send no
    // client credentials there (the subject token is the credential), hence `none`.
    token_endpoint: `${issuer}/token`,
    grant_types_supported: [TOKEN_EXCHANGE_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    // RFC 7662 §4 / RFC 8414 §2. Callers authenticate with an Entra app-only Bearer token,
    // which has no registered auth-method name: introspection_endpoint_auth_methods_supported
    // is left out ("determined by other means", RFC 8414 §2).
    introspection_endpoint: `${issuer}/introspect`,
    // RFC 8414 §2 REQUIRED: the bridge has no authorization endpoint, so it supports no
    // response type. An empty list says so without inventing a flow.
    response_types_supported: [],
    // Not an OpenID flow: OpenID-discovery parsers (Nimbus in Spring, .NET's
    // OpenIdConnectConfiguration) expect it, and it is true of the bridge's `sub` — the same
    // user ID for every client.
    subject_types_supported: ['public'],
    // The algorithms of the published keys. The bridge issues no ID token, but
    // express-oauth2-jwt-bearer (and others) take this member as the algorithms a token from
    // this issuer may be signed with: left empty, they refuse every platform token.
    id_token_signing_alg_values_supported: algorithms,
    // Not a registered member, but read by some resource servers for the access token's `alg`.
    access_token_signing_alg_values_supported: algorithms,
    // RFC 8693 token types the exchange accepts as `subject_token_type` (not registered
    // metadata; shown so client developers need not read the docs to get it right).
    subject_token_types_supported: [TOKEN_TYPE.accessToken, TOKEN_TYPE.jwt],
  };
}
