import type { BridgeConfig } from '../config/bridgeConfig';

/** What the console's page reads from `GET /api/console/settings.json` before it signs in. */
export interface ConsoleSettings {
  /** False when `BRIDGE_CONSOLE_CLIENT_ID` is unset: the console shows how to set it up. */
  readonly configured: boolean;
  readonly clientId: string | null;
  readonly tenantId: string;
  /** Authority host the browser signs in at (no trailing slash). */
  readonly authorityHost: string;
  /** Delegated permission requested for the platform API, e.g. `api://{id}/access_as_user`. */
  readonly scope: string;
  /** `{BRIDGE_ISSUER}/console/`, the redirect URI registered for the console client. */
  readonly redirectUri: string;
  /** Settings to fix, each naming the setting and what it should hold. */
  readonly problems: readonly string[];
}

/** The API's delegated permission: the first required scope, else `access_as_user`. */
const DEFAULT_SCOPE = 'access_as_user';

/**
 * The public facts the console needs to sign in (all of them visible in any sign-in URL
 * anyway): client ID, tenant, authority, scope, redirect URI. No secrets, nothing per user.
 */
export function consoleSettings(config: BridgeConfig): ConsoleSettings {
  const clientId = config.console.clientId ?? null;
  const problems: string[] = [];
  if (!config.oauthEnabled) problems.push('OAUTH_ENABLED must be true for anyone to sign in.');
  if (clientId === null) {
    problems.push(
      'BRIDGE_CONSOLE_CLIENT_ID is not set: register the console as a single-page application and set its client ID.',
    );
  } else if (!config.clientApplicationIds.has(clientId.toLowerCase())) {
    problems.push(
      `OAUTH_CLIENT_APPLICATION_IDS must include the console's client ID ${clientId}, or its tokens are refused (client_not_allowed).`,
    );
  }
  const resource = config.applicationIdUri ?? `api://${config.applicationId}`;
  return {
    configured: clientId !== null,
    clientId,
    tenantId: config.tenantId,
    authorityHost: config.console.authorityHost,
    scope: `${resource}/${config.requiredScopes[0] ?? DEFAULT_SCOPE}`,
    redirectUri: `${config.bridge.issuer}/console/`,
    problems,
  };
}
