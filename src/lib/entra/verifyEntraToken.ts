import { type JWTVerifyOptions, jwtVerify } from 'jose';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { BridgeError } from '../errors';
import { fastJwtVerify } from './fastJwtVerify';
import type { FetchLike } from './fetchJson';
import { MAX_TOKEN_LENGTH, peekHeader } from './inspectToken';
import { recordTokenChecks, runTokenChecks, type VerificationStep } from './runTokenChecks';
import type { TenantKeys } from './tenantKeys';
import { createTenantTrust, type TrustedIssuers } from './tenantTrust';
import { createTokenChecks, type JoseAnswer, tokenUnderCheck } from './tokenChecks';
import { translateJoseError } from './translateJoseError';
import type { VerifiedEntraToken } from './verifiedEntraToken';

export type { VerifiedEntraToken } from './verifiedEntraToken';

export interface EntraTokenVerifier {
  /** Verifies or throws a `TokenRejectedError` (401/400) or `UnavailableError` (503). */
  verify(token: string): Promise<VerifiedEntraToken>;
  /** Runs the same checks, recording each; never throws for a bad token. */
  explain(
    token: string,
  ): Promise<{ steps: VerificationStep[]; token?: VerifiedEntraToken; error?: BridgeError }>;
  readonly keyStats: () => { fetches: number; failures: number };
  /**
   * Fetches the discovery documents and the key set before the first token needs them
   * (instance start). Never rejects: what fails is fetched again by the first token.
   */
  warmUp(): Promise<void>;
}

export interface EntraTokenVerifierOptions {
  fetch?: FetchLike;
  /** Seconds since the epoch; a parameter so expiry tests need no fake timers. */
  now?: () => number;
}

/** jose refuses claims only after the signature verified. */
const claimRefused = (err: unknown) => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' || code === 'ERR_JWT_EXPIRED';
};

/**
 * `jose.jwtVerify`'s answer. For a key jose already resolved, the RS256 signature is
 * checked by node:crypto and the claims by jose (`fastJwtVerify`); whatever that does not
 * decide, jose verifies in full.
 */
async function signatureAndClaims(
  token: string,
  header: Readonly<Record<string, unknown>> | undefined,
  keys: TenantKeys,
  options: JWTVerifyOptions,
): Promise<Record<string, unknown>> {
  const known = header && keys.knownKey(header);
  const fast = known && header ? fastJwtVerify(token, header, known, options) : undefined;
  return fast ?? (await jwtVerify(token, known || keys.getKey, options)).payload;
}

/**
 * Strict validation of Entra ID access tokens for the configured tenant and API, with jose
 * for every JWT operation but the RS256 signature check (`fastJwtVerify`, node:crypto).
 * Created once per instance so the discovery documents and the key set are fetched once and
 * reused by warm invocations. Both paths run one table of checks (`createTokenChecks`).
 *
 * @example
 * const verifier = createEntraTokenVerifier(loadConfig(process.env));
 * const token = await verifier.verify(subjectToken);
 */
export function createEntraTokenVerifier(
  config: BridgeConfig,
  options: EntraTokenVerifierOptions = {},
): EntraTokenVerifier {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const trust = createTenantTrust(config, options.fetch ?? fetch);
  // jose reads the same clock by itself; only an injected one must be handed over.
  const withClock = (jose: JWTVerifyOptions): JWTVerifyOptions =>
    options.now ? { ...jose, currentDate: new Date(now() * 1000) } : jose;

  const checks = createTokenChecks(config, now, async (token, header, version) => {
    const { issuer, keys } = await trust.forVersion(version);
    try {
      return await signatureAndClaims(token, header, keys, withClock(trust.joseOptions(issuer)));
    } catch (err) {
      return translateJoseError(err);
    }
  });

  /**
   * What every exchange runs: signature and claims first (with the issuers of all accepted
   * versions; `fastJwtVerify` where the key is known, else jose), then the checks on the
   * decoded payload, so a good token is parsed once. When jose refuses it, the checks name
   * the fault, their signature step answered by jose's error rather than a second
   * verification (a refused claim excepted, below); so verify and explain always agree.
   */
  async function verify(token: string): Promise<VerifiedEntraToken> {
    // A fault found before or by jose: the checks before the signature come first (a
    // malformed token is a 400 even while discovery is down), then what jose said.
    // A refused claim came after a good signature, but from the issuers of every version:
    // that step runs again with the issuer of the token's own version, as `explain` runs it,
    // so both name the same claim (a v1 token with the v2 issuer and a foreign audience is an
    // `issuer_mismatch` for both).
    const fault = (error: unknown) =>
      runTokenChecks(checks, tokenUnderCheck(token, claimRefused(error) ? undefined : { error }));
    // Oversized input is refused before jose decodes any of it.
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
      return runTokenChecks(checks, tokenUnderCheck(token));
    let trusted: TrustedIssuers;
    try {
      trusted = trust.trusted() ?? (await trust.resolveTrusted());
    } catch (err) {
      return fault(err);
    }
    let answered: JoseAnswer;
    try {
      const claims = await signatureAndClaims(
        token,
        peekHeader(token),
        trusted.keys,
        withClock(trusted.jose),
      );
      answered = { claims, issuers: trusted.issuers };
    } catch (err) {
      return fault(err);
    }
    return runTokenChecks(checks, tokenUnderCheck(token, answered));
  }

  return {
    verify,
    warmUp: trust.warmUp,
    explain: (token) => recordTokenChecks(checks, tokenUnderCheck(token)),
    keyStats: trust.keyStats,
  };
}
