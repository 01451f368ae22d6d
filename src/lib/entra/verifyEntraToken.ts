import { type JWTVerifyOptions, jwtVerify } from 'jose';
import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import { BridgeError } from '../errors';
import { checkClaimShapes } from './claimShapes';
import { fastJwtVerify } from './fastJwtVerify';
import type { FetchLike } from './fetchJson';
import { inspectToken, inspectVerifiedToken, MAX_TOKEN_LENGTH, peekHeader, reject } from './inspectToken';
import { translateJoseError } from './translateJoseError';
import { createTenantKeys, type TenantKeys } from './tenantKeys';
import { createTenantMetadata } from './tenantMetadata';
import { createTokenChecks } from './tokenChecks';

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

/** One line of an explanation: a check and how it went. */
export interface VerificationStep {
  readonly step: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly message?: string;
}

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

const ALGORITHMS = ['RS256'];
const REQUIRED_CLAIMS = ['exp', 'iat'];
const SIGNATURE_STEP = 'signature_and_lifetime';
/** jose refuses claims only after the signature verified. */
const claimRefused = (err: unknown) => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' || code === 'ERR_JWT_EXPIRED';
};

/**
 * Runs one named check. Synchronous checks stay synchronous: an `await` per check would
 * cost more than most checks themselves.
 */
type StepRunner = <T>(step: string, run: () => T) => T;

/**
 * Strict validation of Entra ID access tokens for the configured tenant and API, with jose
 * for every JWT operation but the RS256 signature check (`fastJwtVerify`, node:crypto).
 * Created once per instance so the discovery documents and the key set are fetched once and
 * reused by warm invocations.
 *
 * @example
 * const verifier = createEntraTokenVerifier(loadConfig(process.env));
 * const token = await verifier.verify(subjectToken);
 */
export function createEntraTokenVerifier(
  config: BridgeConfig,
  options: EntraTokenVerifierOptions = {},
): EntraTokenVerifier {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const metadata = createTenantMetadata({
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    fetch: fetchImpl,
    cooldownSeconds: config.keysRefreshCooldownSeconds,
  });
  const keySets = new Map<string, TenantKeys>();
  const keysFor = (jwksUri: string): TenantKeys => {
    let keys = keySets.get(jwksUri);
    if (!keys) {
      keys = createTenantKeys({
        jwksUri,
        fetch: fetchImpl,
        cooldownSeconds: config.keysRefreshCooldownSeconds,
      });
      keySets.set(jwksUri, keys);
    }
    return keys;
  };

  // Discovery answers are cached (tenantMetadata), but awaiting two cached promises on
  // every verification is measurable: once both are known, keep the result at hand.
  const resolved = new Map<TokenVersion, { issuer: string; keys: TenantKeys }>();
  const resolve = async (version: TokenVersion) => {
    const [{ issuer }, { jwksUri }] = await Promise.all([metadata(version), metadata('2.0')]);
    const entry = { issuer, keys: keysFor(jwksUri) };
    resolved.set(version, entry);
    return entry;
  };
  const audience = [...config.acceptedAudiences];
  const joseOptions = (issuer: string | string[]): JWTVerifyOptions => ({
    algorithms: ALGORITHMS,
    issuer,
    audience,
    clockTolerance: config.clockSkewSeconds,
    requiredClaims: REQUIRED_CLAIMS,
  });
  // jose reads the same clock by itself; only an injected one must be handed over.
  const withClock = (jose: JWTVerifyOptions): JWTVerifyOptions =>
    options.now ? { ...jose, currentDate: new Date(now() * 1000) } : jose;

  /** The issuer of every accepted version and the one key set, for the fast path. */
  let trusted: { issuers: Map<TokenVersion, string>; jose: JWTVerifyOptions; keys: TenantKeys } | undefined;
  const resolveTrusted = async () => {
    const versions = config.acceptedTokenVersions;
    const entries = await Promise.all(versions.map((version) => resolve(version)));
    const issuers = new Map(versions.map((version, i) => [version, entries[i]?.issuer ?? '']));
    trusted = {
      issuers,
      jose: joseOptions([...issuers.values()]),
      keys: entries[0]?.keys ?? (await resolve('2.0')).keys,
    };
    return trusted;
  };

  const { checkHeader, checkNotForGraph, checkTenant, checkVersion, checkIssuedAt, verifiedToken } =
    createTokenChecks(config, now);

  /**
   * `jose.jwtVerify`'s answer. For a key jose already resolved, the RS256 signature is
   * checked by node:crypto and the claims by jose (`fastJwtVerify`); whatever that does not
   * decide, jose verifies in full.
   */
  const signatureAndClaims = async (
    token: string,
    header: Readonly<Record<string, unknown>> | undefined,
    keys: TenantKeys,
    options: JWTVerifyOptions,
  ): Promise<Record<string, unknown>> => {
    const known = header && keys.knownKey(header);
    const fast = known && header ? fastJwtVerify(token, header, known, options) : undefined;
    return fast ?? (await jwtVerify(token, known || keys.getKey, options)).payload;
  };

  /**
   * Every check in the order that names a token's first fault: what can be told without
   * keys first (format, header, audience meant for Graph, tenant, version), then signature
   * and lifetime through jose, then who is calling. `explain` records each step.
   */
  async function run(token: string, step: StepRunner): Promise<VerifiedEntraToken> {
    const { header, payload } = step('format', () => {
      const inspected = inspectToken(token);
      checkClaimShapes(inspected.payload);
      return inspected;
    });
    step('header', () => checkHeader(header));
    step('not_for_graph', () => checkNotForGraph(header, payload));
    step('tenant', () => checkTenant(payload));
    const version = step('version', () => checkVersion(payload));
    const claims = await step(SIGNATURE_STEP, async () => {
      // Entra signs v1 and v2 tokens with the same keys: one key set (the v2 document's, as
      // Microsoft's guidance says) serves both, so a rotation costs one fetch, not two.
      const { issuer, keys } = resolved.get(version) ?? (await resolve(version));
      try {
        return await signatureAndClaims(token, header, keys, withClock(joseOptions(issuer)));
      } catch (err) {
        return translateJoseError(err);
      }
    });
    step('issued_at', () => checkIssuedAt(claims));
    return step('caller', () => verifiedToken(claims, version));
  }

  /**
   * What every exchange runs: signature and claims first (with the issuers of all accepted
   * versions; `fastJwtVerify` where the key is known, else jose), then the same checks as
   * `run` on the decoded payload, so a good token is parsed once. When jose refuses it, `run`
   * names the fault, its signature step answered by jose's error rather than a second
   * verification (a refused claim excepted, below); so both always agree.
   */
  async function verify(token: string): Promise<VerifiedEntraToken> {
    // A fault found before or by jose: the checks `run` makes before the signature come first
    // (a malformed token is a 400 even while discovery is down), then what jose said.
    // A refused claim came after a good signature, but from the issuers of every version:
    // that step runs again with the issuer of the token's own version, as `explain` runs it,
    // so both name the same claim (a v1 token with the v2 issuer and a foreign audience is an
    // `issuer_mismatch` for both).
    const fault = (err: unknown) =>
      run(token, (step, fn) =>
        step === SIGNATURE_STEP && !claimRefused(err) ? translateJoseError(err) : fn(),
      );
    // Oversized input is refused before jose decodes any of it.
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return run(token, (_s, fn) => fn());
    let trust: NonNullable<typeof trusted>;
    try {
      trust = trusted ?? (await resolveTrusted());
    } catch (err) {
      return fault(err);
    }
    let claims: Record<string, unknown>;
    try {
      claims = await signatureAndClaims(token, peekHeader(token), trust.keys, withClock(trust.jose));
    } catch (err) {
      return fault(err);
    }
    const { header, payload } = inspectVerifiedToken(token, claims);
    checkClaimShapes(payload);
    checkHeader(header);
    checkNotForGraph(header, payload);
    checkTenant(payload);
    const version = checkVersion(payload);
    // jose checked that `iss` is one of the tenant's issuers; it must be the one of its `ver`.
    if (payload.iss !== trust.issuers.get(version)) reject('issuer_mismatch');
    checkIssuedAt(claims);
    return verifiedToken(claims, version);
  }

  return {
    verify,
    warmUp: () =>
      resolveTrusted().then(
        (trust) => trust.keys.warmUp(),
        () => metadata.forgetFailures(),
      ),
    async explain(token) {
      const steps: VerificationStep[] = [];
      const failed = (step: string, err: unknown): never => {
        if (err instanceof BridgeError)
          steps.push({ step, ok: false, reason: err.code, message: err.message });
        throw err;
      };
      const recorder: StepRunner = (step, fn) => {
        let value: ReturnType<typeof fn>;
        try {
          value = fn();
        } catch (err) {
          return failed(step, err);
        }
        if (!(value instanceof Promise)) {
          steps.push({ step, ok: true });
          return value;
        }
        return value.then(
          (resolved: unknown) => {
            steps.push({ step, ok: true });
            return resolved;
          },
          (err: unknown) => failed(step, err),
        ) as typeof value;
      };
      try {
        return { steps, token: await run(token, recorder) };
      } catch (err) {
        if (err instanceof BridgeError) return { steps, error: err };
        throw err;
      }
    },
    keyStats: () => {
      const total = { fetches: 0, failures: 0 };
      for (const keys of keySets.values()) {
        total.fetches += keys.stats.fetches;
        total.failures += keys.stats.failures;
      }
      return total;
    },
  };
}
