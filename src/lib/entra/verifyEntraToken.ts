import { jwtVerify } from 'jose';
import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import { BridgeError } from '../errors';
import { checkClaimShapes, isGraphToken } from './claimShapes';
import type { FetchLike } from './fetchJson';
import { inspectToken, reject } from './inspectToken';
import { translateJoseError } from './translateJoseError';
import { createTenantKeys, type TenantKeys } from './tenantKeys';
import { createTenantMetadata } from './tenantMetadata';
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
}

export interface EntraTokenVerifierOptions {
  fetch?: FetchLike;
  /** Seconds since the epoch; a parameter so expiry tests need no fake timers. */
  now?: () => number;
}

/**
 * Runs one named check. Synchronous checks stay synchronous: `verify` runs on every
 * exchange, and an `await` per check would cost more than most checks themselves.
 */
const ALGORITHMS = ['RS256'];
const REQUIRED_CLAIMS = ['exp', 'iat'];

type StepRunner = <T>(step: string, run: () => T) => T;

/**
 * Strict validation of Entra ID access tokens for the configured tenant and API, with jose
 * for every JWT operation. Created once per instance so the discovery documents and the
 * key set are fetched once and reused by warm invocations.
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
  const resolved = new Map<TokenVersion, { issuer: string; getKey: TenantKeys['getKey'] }>();
  const resolve = async (version: TokenVersion) => {
    const [{ issuer }, { jwksUri }] = await Promise.all([metadata(version), metadata('2.0')]);
    const entry = { issuer, getKey: keysFor(jwksUri).getKey };
    resolved.set(version, entry);
    return entry;
  };
  const audience = [...config.acceptedAudiences];

  async function run(token: string, step: StepRunner): Promise<VerifiedEntraToken> {
    const { header, payload } = step('format', () => {
      const inspected = inspectToken(token);
      checkClaimShapes(inspected.payload);
      return inspected;
    });
    step('header', () => {
      if (header.alg !== 'RS256')
        reject('unsupported_algorithm', `alg ${JSON.stringify(header.alg)} is refused.`);
      // RFC 8725 §3.10: never let the token choose where its key comes from.
      if (['jku', 'x5u', 'jwk', 'x5c', 'crit'].some((name) => name in header)) reject('forbidden_header');
      if (typeof header.kid !== 'string' || header.kid === '') reject('missing_kid');
    });
    step('not_for_graph', () => {
      if (isGraphToken(header, payload)) reject('wrong_audience_graph_token');
    });
    step('tenant', () => {
      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== config.tenantId)
        reject('tenant_not_allowed');
    });
    const version = step('version', () => {
      const ver = payload.ver;
      if (!config.acceptedTokenVersions.includes(ver as TokenVersion)) {
        reject(
          'version_not_accepted',
          `ver ${JSON.stringify(ver)}; accepted: ${config.acceptedTokenVersions.join(', ')}.`,
        );
      }
      return ver as TokenVersion;
    });
    const claims = await step('signature_and_lifetime', async () => {
      // Entra signs v1 and v2 tokens with the same keys: one key set (the v2 document's, as
      // Microsoft's guidance says) serves both, so a rotation costs one fetch, not two.
      const { issuer, getKey } = resolved.get(version) ?? (await resolve(version));
      try {
        const verified = await jwtVerify(token, getKey, {
          algorithms: ALGORITHMS,
          issuer,
          audience,
          clockTolerance: config.clockSkewSeconds,
          currentDate: new Date(now() * 1000),
          requiredClaims: REQUIRED_CLAIMS,
        });
        return verified.payload as Record<string, unknown>;
      } catch (err) {
        return translateJoseError(err);
      }
    });
    step('issued_at', () => {
      if ((claims.iat as number) > now() + config.clockSkewSeconds) reject('token_issued_in_future');
    });
    const caller = step('caller', () => checkCallerPolicy(config, claims));
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

  return {
    verify: (token) => run(token, (_step, fn) => fn()),
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
