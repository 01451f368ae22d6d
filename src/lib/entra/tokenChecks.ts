import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import { checkClaimShapes, isGraphToken } from './claimShapes';
import { inspectToken, inspectVerifiedToken, reject } from './inspectToken';
import { translateJoseError } from './translateJoseError';
import { type VerifiedEntraToken, verifiedEntraToken } from './verifiedEntraToken';

const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

type Claims = Readonly<Record<string, unknown>>;

/** The name explain shows for the caller policy, also checked on bare claims. */
export const CALLER_CHECK = 'caller';

/**
 * What jose said of the token before the checks ran: the fast path asks it first, with the
 * issuers of every accepted version, and the checks then reuse its claims or its error.
 */
export type JoseAnswer =
  | { readonly claims: Record<string, unknown>; readonly issuers: ReadonlyMap<TokenVersion, string> }
  | { readonly error: unknown };

/**
 * A token going through the checks. Each step sets what later steps read (`format` the
 * header and payload, `version` the version, the signature step the claims, `caller` the
 * result); a step runs only once every step before it passed, so none reads an unset value.
 */
export interface TokenUnderCheck {
  readonly token: string;
  readonly answered: JoseAnswer | undefined;
  header: Claims;
  payload: Claims;
  version: TokenVersion;
  claims: Record<string, unknown>;
  verified: VerifiedEntraToken | undefined;
}

/**
 * One named check. Synchronous checks return nothing: an `await` per check would cost more
 * than most checks themselves.
 */
export interface TokenCheck {
  readonly name: string;
  readonly check: (token: TokenUnderCheck) => void | Promise<void>;
}

/** Signature and claims of a token through jose with the issuer of its own version. */
export type SignatureCheck = (
  token: string,
  header: Claims,
  version: TokenVersion,
) => Promise<Record<string, unknown>>;

export function tokenUnderCheck(token: string, answered?: JoseAnswer): TokenUnderCheck {
  return { token, answered, header: {}, payload: {}, version: '2.0', claims: {}, verified: undefined };
}

/**
 * Every check of an Entra access token, in the order that names its first fault: what can be
 * told without keys first (format, header, audience meant for Graph, tenant, version), then
 * signature and lifetime through jose, then who is calling. The fast path and explain both
 * run this table (`runTokenChecks`). `now` is in seconds since the epoch.
 */
export function createTokenChecks(
  config: BridgeConfig,
  now: () => number,
  verifySignature: SignatureCheck,
): readonly TokenCheck[] {
  const format = (t: TokenUnderCheck) => {
    const { answered } = t;
    const { header, payload } =
      answered && 'claims' in answered
        ? inspectVerifiedToken(t.token, answered.claims)
        : inspectToken(t.token);
    checkClaimShapes(payload);
    t.header = header;
    t.payload = payload;
  };
  const checkHeader = ({ header }: TokenUnderCheck) => {
    if (header.alg !== 'RS256')
      reject('unsupported_algorithm', `alg ${JSON.stringify(header.alg)} is refused.`);
    // RFC 8725 §3.10: never let the token choose where its key comes from.
    if (FORBIDDEN_HEADERS.some((name) => name in header)) reject('forbidden_header');
    if (typeof header.kid !== 'string' || header.kid === '') reject('missing_kid');
  };
  const checkNotForGraph = ({ header, payload }: TokenUnderCheck) => {
    if (isGraphToken(header, payload)) reject('wrong_audience_graph_token');
  };
  const checkTenant = ({ payload }: TokenUnderCheck) => {
    if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== config.tenantId)
      reject('tenant_not_allowed');
  };
  const checkVersion = (t: TokenUnderCheck) => {
    const ver = t.payload.ver;
    if (!config.acceptedTokenVersions.includes(ver as TokenVersion)) {
      reject(
        'version_not_accepted',
        `ver ${JSON.stringify(ver)}; accepted: ${config.acceptedTokenVersions.join(', ')}.`,
      );
    }
    t.version = ver as TokenVersion;
  };
  const signatureAndLifetime = (t: TokenUnderCheck): void | Promise<void> => {
    const { answered } = t;
    if (answered && 'claims' in answered) {
      // jose checked that `iss` is one of the tenant's issuers; it must be the one of its `ver`.
      if (t.payload.iss !== answered.issuers.get(t.version)) reject('issuer_mismatch');
      t.claims = answered.claims;
      return;
    }
    if (answered) translateJoseError(answered.error);
    return verifySignature(t.token, t.header, t.version).then((claims) => {
      t.claims = claims;
    });
  };
  const checkIssuedAt = ({ claims }: TokenUnderCheck) => {
    if ((claims.iat as number) > now() + config.clockSkewSeconds) reject('token_issued_in_future');
  };
  const checkCaller = (t: TokenUnderCheck) => {
    t.verified = verifiedEntraToken(config, t.claims, t.version);
  };

  return [
    { name: 'format', check: format },
    { name: 'header', check: checkHeader },
    { name: 'not_for_graph', check: checkNotForGraph },
    { name: 'tenant', check: checkTenant },
    { name: 'version', check: checkVersion },
    { name: 'signature_and_lifetime', check: signatureAndLifetime },
    { name: 'issued_at', check: checkIssuedAt },
    { name: CALLER_CHECK, check: checkCaller },
  ];
}
