import { TOKEN_REASONS, type TokenReason } from './entra/tokenReasons';

/**
 * The catalogue of every `reason` the HTTP contract answers with. Clients, runbooks and the
 * console match on these codes, so each is a member of one union: a typo is a type error, and
 * the README's reason table is checked against this list by a test. Never rename a member.
 */

/** A valid Entra token refused by policy (RFC 6749 §5.2 `invalid_grant` on `/token`). */
export const SIGN_IN_REASONS = ['no_group', 'user_disabled', 'user_not_provisioned'] as const;

/** A malformed request: exchange (RFC 8693 §2.1), introspection (RFC 7662 §2.1), Bearer header (RFC 6750 §2.1). */
export const REQUEST_REASONS = [
  'missing_grant_type',
  'unsupported_grant_type',
  'missing_subject_token',
  'missing_subject_token_type',
  'unsupported_token_type',
  'actor_token_not_supported',
  'repeated_parameter',
  'unsupported_content_type',
  'malformed_body',
  'body_too_large',
  'audience_not_allowed',
  'missing_introspection_token',
  'missing_token',
  'malformed_authorization',
] as const;

/** A platform token presented to `/me`, `/introspect` or the admin API. */
export const PLATFORM_TOKEN_REASONS = ['invalid_platform_token', 'unknown_user'] as const;

/** Who may call: administrators on the admin API, services with the introspection app role. */
export const PERMISSION_REASONS = ['not_admin', 'missing_introspection_role'] as const;

/** The admin API's own refusals (bad input, unknown or conflicting entries). */
export const ADMIN_REASONS = [
  'invalid_name',
  'missing_name',
  'same_name',
  'invalid_id',
  'missing_id',
  'invalid_user',
  'invalid_query',
  'invalid_continuation_token',
  'invalid_entra_group_id',
  'not_found',
  'group_not_found',
  'role_not_found',
  'user_not_found',
  'name_taken',
  'in_use',
  'cannot_change_self',
  'sync_running',
  'concurrent_run',
] as const;

/** A dependency is down, OAuth is off or the settings are invalid (503 + `Retry-After`), or our own fault (500). */
export const AVAILABILITY_REASONS = [
  'keys_unavailable',
  'storage_unavailable',
  'storage_contention',
  'directory_unavailable',
  'graph_not_configured',
  'oauth_disabled',
  'config_invalid',
  'internal_error',
] as const;

export type Reason =
  | TokenReason
  | (typeof SIGN_IN_REASONS)[number]
  | (typeof REQUEST_REASONS)[number]
  | (typeof PLATFORM_TOKEN_REASONS)[number]
  | (typeof PERMISSION_REASONS)[number]
  | (typeof ADMIN_REASONS)[number]
  | (typeof AVAILABILITY_REASONS)[number];

/** Every reason, token faults first, in the order of the README's table. */
export const REASONS: readonly Reason[] = [
  ...(Object.keys(TOKEN_REASONS) as TokenReason[]),
  ...SIGN_IN_REASONS,
  ...PLATFORM_TOKEN_REASONS,
  ...REQUEST_REASONS,
  ...PERMISSION_REASONS,
  ...ADMIN_REASONS,
  ...AVAILABILITY_REASONS,
];
