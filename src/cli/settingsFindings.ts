import type { BridgeConfig } from '../lib/config/bridgeConfig';

/** One result of `config check`. */
export interface Finding {
  readonly check: string;
  readonly level: 'ok' | 'info' | 'warning' | 'error';
  /** The setting to change, when one is to blame. */
  readonly setting?: string;
  readonly message: string;
}

const MUTABLE_ID_CLAIMS = new Set(['email', 'preferred_username', 'upn', 'unique_name', 'name']);

/** Risks visible in the settings alone (no network): each names the setting and why it matters. */
export function settingsFindings(config: BridgeConfig): Finding[] {
  const f: Finding[] = [];
  const add = (check: string, level: Finding['level'], setting: string | undefined, message: string) =>
    f.push(setting ? { check, level, setting, message } : { check, level, message });
  if (!config.oauthEnabled) {
    add(
      'oauth_enabled',
      'warning',
      'OAUTH_ENABLED',
      'OAuth is switched off: /api/token and /api/me answer 503 oauth_disabled.',
    );
  }
  if (config.clientApplicationIds.size === 0) {
    add(
      'client_allow_list',
      'error',
      'OAUTH_CLIENT_APPLICATION_IDS',
      'empty: no client application may exchange tokens (every exchange fails with client_not_allowed).',
    );
  } else
    add(
      'client_allow_list',
      'ok',
      undefined,
      `${config.clientApplicationIds.size} client application(s) allowed`,
    );
  if (new URL(config.authorityHost).protocol === 'http:') {
    add(
      'authority_https',
      'warning',
      'OAUTH_AUTHORITY_HOST',
      'plain http authority: acceptable for a loopback test authority only.',
    );
  }
  if (!config.caseSensitiveMatching) {
    add(
      'case_matching',
      'warning',
      'EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING',
      'false: claim values match platform names whatever their case; "admins" and "Admins" become one group.',
    );
  }
  if (MUTABLE_ID_CLAIMS.has(config.claims.userId)) {
    add(
      'user_id_claim',
      'warning',
      'OAUTH_USER_ID_CLAIM',
      `"${config.claims.userId}" can be reassigned to another person; use oid.`,
    );
  }
  const unverifiedEmail = config.claims.email.filter((c) =>
    ['preferred_username', 'upn', 'unique_name'].includes(c),
  );
  if (unverifiedEmail.length > 0) {
    add(
      'email_claim',
      'warning',
      'OAUTH_USER_EMAIL_CLAIM',
      `${unverifiedEmail.join(', ')} is a sign-in name, not a verified e-mail address.`,
    );
  }
  if (config.allowAppOnlyTokens && config.requiredAppRoles.length === 0) {
    add(
      'app_only',
      'info',
      'OAUTH_REQUIRED_APP_ROLES',
      'app-only tokens with any app role of the API are accepted.',
    );
  }
  if (!config.testClientApplicationId) {
    add(
      'test_client',
      'info',
      'CLIENT_APPLICATION_ID',
      'not set: pass --client-application-id to test-access.',
    );
  }
  if (config.bridge.signingKeys === undefined) {
    add(
      'signing_keys',
      'warning',
      'BRIDGE_SIGNING_KEYS',
      'not set: a throw-away key signs platform tokens; they stop verifying at every restart and differ between instances.',
    );
  }
  return f;
}
