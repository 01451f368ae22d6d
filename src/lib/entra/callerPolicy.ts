import type { BridgeConfig } from '../config/bridgeConfig';

import { reject } from './inspectToken';
import { normaliseUserId } from './userIdentifier';

export interface CallerFacts {
  readonly kind: 'user' | 'app';
  readonly clientId: string;
  readonly subjectId: string;
  readonly scopes: readonly string[];
  readonly appRoles: readonly string[];
}

/**
 * Who is calling and whether they may: the client application against the allow-list,
 * delegated tokens against the required scopes, app-only tokens against the required app
 * roles (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-user-has-permission-to-access-this-data).
 * App-only is recognised by `idtyp=app` or, when that optional claim is not configured,
 * by the absence of `scp`.
 */
export function checkCallerPolicy(
  config: BridgeConfig,
  claims: Readonly<Record<string, unknown>>,
): CallerFacts {
  const clientId = (claims.ver === '1.0' ? claims.appid : claims.azp) ?? claims.azp ?? claims.appid;
  if (typeof clientId !== 'string' || !config.clientApplicationIds.has(clientId.toLowerCase())) {
    reject('client_not_allowed');
  }
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter((s) => s !== '') : [];
  const appRoles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
  const kind = claims.idtyp === 'app' || claims.scp === undefined ? 'app' : 'user';

  if (kind === 'app') {
    if (!config.allowAppOnlyTokens) reject('app_only_not_allowed');
    if (appRoles.length === 0)
      reject('missing_app_role', 'App-only tokens must carry an app role of this API.');
    if (config.requiredAppRoles.length > 0 && !config.requiredAppRoles.some((r) => appRoles.includes(r))) {
      reject('missing_app_role', `Required one of: ${config.requiredAppRoles.join(', ')}.`);
    }
  } else {
    if (scopes.length === 0) reject('missing_scope', 'Delegated tokens must carry a scope of this API.');
    if (config.requiredScopes.length > 0 && !config.requiredScopes.some((s) => scopes.includes(s))) {
      reject('missing_scope', `Required one of: ${config.requiredScopes.join(', ')}.`);
    }
  }
  // Service principals are named after their object ID whatever OAUTH_USER_ID_CLAIM says.
  const idClaim = kind === 'app' ? 'oid' : config.claims.userId;
  const subjectId = normaliseUserId(idClaim, claims[idClaim]);
  return { kind, clientId: clientId.toLowerCase(), subjectId, scopes, appRoles };
}
