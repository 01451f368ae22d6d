import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import { checkCallerPolicy } from './callerPolicy';
import { isGraphToken } from './claimShapes';
import { reject } from './inspectToken';
import type { VerifiedEntraToken } from './verifyEntraToken';

const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

type Claims = Readonly<Record<string, unknown>>;

/**
 * The verifier's checks besides format and signature, each in one place: the ordered
 * pipeline (`explain`, and naming a fault) and the fast path after jose both call these.
 * `now` is in seconds since the epoch.
 */
export function createTokenChecks(config: BridgeConfig, now: () => number) {
  const checkHeader = (header: Readonly<Record<string, unknown>>) => {
    if (header.alg !== 'RS256')
      reject('unsupported_algorithm', `alg ${JSON.stringify(header.alg)} is refused.`);
    // RFC 8725 §3.10: never let the token choose where its key comes from.
    if (FORBIDDEN_HEADERS.some((name) => name in header)) reject('forbidden_header');
    if (typeof header.kid !== 'string' || header.kid === '') reject('missing_kid');
  };
  const checkNotForGraph = (header: Claims, payload: Claims) => {
    if (isGraphToken(header, payload)) reject('wrong_audience_graph_token');
  };
  const checkTenant = (payload: Claims) => {
    if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== config.tenantId)
      reject('tenant_not_allowed');
  };
  const checkVersion = (payload: Claims): TokenVersion => {
    const ver = payload.ver;
    if (!config.acceptedTokenVersions.includes(ver as TokenVersion)) {
      reject(
        'version_not_accepted',
        `ver ${JSON.stringify(ver)}; accepted: ${config.acceptedTokenVersions.join(', ')}.`,
      );
    }
    return ver as TokenVersion;
  };
  const checkIssuedAt = (claims: Claims) => {
    if ((claims.iat as number) > now() + config.clockSkewSeconds) reject('token_issued_in_future');
  };
  const verifiedToken = (claims: Record<string, unknown>, version: TokenVersion): VerifiedEntraToken => {
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
  };

  return { checkHeader, checkNotForGraph, checkTenant, checkVersion, checkIssuedAt, verifiedToken };
}
