import type { Reason } from '../lib/reasons';

/** OAuth error codes the console meets where no reason is given (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1). */
type OAuthError =
  | 'invalid_token'
  | 'insufficient_scope'
  | 'temporarily_unavailable'
  | 'access_denied'
  | 'invalid_grant';

/** What an operator does about a reason code; shown under every error the console reports. */
const FIXES: Partial<Record<Reason | OAuthError, string>> = {
  client_not_allowed:
    "Add the console's client ID (BRIDGE_CONSOLE_CLIENT_ID) to OAUTH_CLIENT_APPLICATION_IDS.",
  missing_scope: 'Grant the console the access_as_user permission of the platform API and consent to it.',
  audience_mismatch:
    'OAUTH_APPLICATION_ID must be the platform API app registration the console asks a token for.',
  no_group: 'Link one of the user’s Entra groups to a platform group, or set EXTERNAL_AUTH_DEFAULT_GROUPS.',
  user_disabled:
    'An administrator (or the directory sync) disabled this user: enable them on the Users page.',
  token_expired: 'Sign in again.',
  invalid_token: 'Your session ended: sign in again.',
  insufficient_scope: 'Only platform administrators may use the admin API.',
  in_use: 'Remove it from the users who hold it, or delete it anyway (their assignment goes with it).',
  invalid_entra_group_id: 'Pick the Entra group from the directory list: links take object IDs only.',
  sync_running: 'Another sync is running; wait a moment and refresh.',
  temporarily_unavailable:
    'Storage, Entra or Graph is unavailable; try again shortly and check the Overview.',
  oauth_disabled: 'Set OAUTH_ENABLED=true.',
  not_found: 'This API route does not answer on this deployment.',
  name_taken: 'Pick another name.',
  access_denied: 'The sign-in was cancelled at the authority.',
  invalid_grant: 'Sign in again; if it keeps failing, check the console app registration.',
};

export const fixFor = (reason: string): string | undefined => FIXES[reason as Reason | OAuthError];
