import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import { checkCallerPolicy } from './callerPolicy';

/** An Entra access token that passed every check. */
export interface VerifiedEntraToken {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly version: TokenVersion;
  /** `app` for client-credentials tokens (service principals), `user` for delegated ones. */
  readonly kind: 'user' | 'app';
  readonly tenantId: string;
  /** The calling client application (`azp` in v2, `appid` in v1). */
  readonly clientId: string;
  /** Value of `OAUTH_USER_ID_CLAIM` (for app-only tokens: the service principal `oid`). */
  readonly subjectId: string;
  readonly scopes: readonly string[];
  readonly appRoles: readonly string[];
  /** `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * The verified token a set of claims makes once the caller policy accepts them, or the
 * policy's `TokenRejectedError`: the verifier's last check, and what explain shows for claims.
 */
export function verifiedEntraToken(
  config: BridgeConfig,
  claims: Readonly<Record<string, unknown>>,
  version: TokenVersion,
): VerifiedEntraToken {
  const caller = checkCallerPolicy(config, claims);
  return {
    claims,
    version,
    kind: caller.kind,
    tenantId: config.tenantId,
    clientId: caller.clientId,
    subjectId: caller.subjectId,
    scopes: caller.scopes,
    appRoles: caller.appRoles,
    expiresAt: claims.exp as number,
  };
}
