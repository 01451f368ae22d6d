/**
 * Stable reason codes for rejected Entra tokens (the `reason` field of our answers).
 * Clients and runbooks match on these; never rename one.
 */
export const TOKEN_REASONS = {
  token_malformed: 'The token is not a well-formed signed JWT.',
  token_too_large: 'The token is larger than any Entra access token.',
  token_encrypted: 'Encrypted tokens (JWE) are not accepted; send the access token issued for this API.',
  unsupported_algorithm: 'Only RS256-signed tokens are accepted.',
  forbidden_header: 'The token header carries a key reference (jku, x5u, jwk, x5c) or critical extensions.',
  missing_kid: 'The token header has no key ID (kid).',
  wrong_audience_graph_token:
    'This token was issued for Microsoft Graph, not for this API. Request a token with the scope api://{OAUTH_APPLICATION_ID}/.default or your API scope.',
  tenant_not_allowed: 'The token was issued by another Entra tenant.',
  version_not_accepted: 'This access token version is not accepted (OAUTH_ACCEPTED_TOKEN_VERSIONS).',
  unknown_key: "The token's signing key is not in the tenant's key set.",
  bad_signature: 'The token signature does not verify.',
  issuer_mismatch: "The token's issuer is not the configured tenant's issuer for its version.",
  audience_mismatch:
    'The token was issued for another audience (OAUTH_APPLICATION_ID / OAUTH_APPLICATION_ID_URI).',
  token_expired: 'The token has expired.',
  token_not_yet_valid: 'The token is not valid yet (nbf).',
  token_issued_in_future: 'The token was issued in the future (iat).',
  invalid_claim: 'A claim has the wrong type or form.',
  client_not_allowed: 'The client application is not in OAUTH_CLIENT_APPLICATION_IDS.',
  missing_scope: 'The delegated token carries none of the required scopes.',
  missing_app_role: 'The app-only token carries none of the required app roles.',
  app_only_not_allowed:
    'App-only (client credentials) tokens are not accepted (OAUTH_ALLOW_APP_ONLY_TOKENS).',
  missing_user_id: 'The claim that names the user (OAUTH_USER_ID_CLAIM) is missing or empty.',
} as const;

export type TokenReason = keyof typeof TOKEN_REASONS;
