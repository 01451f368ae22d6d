import type { JWTVerifyOptions } from 'jose';
import type { BridgeConfig, TokenVersion } from '../config/bridgeConfig';
import type { FetchLike } from './fetchJson';
import { createTenantKeys, type TenantKeys } from './tenantKeys';
import { createTenantMetadata } from './tenantMetadata';

const ALGORITHMS = ['RS256'];
const REQUIRED_CLAIMS = ['exp', 'iat'];

/** The issuers of every accepted version, jose's options listing them, and the one key set. */
export interface TrustedIssuers {
  readonly issuers: ReadonlyMap<TokenVersion, string>;
  readonly jose: JWTVerifyOptions;
  readonly keys: TenantKeys;
}

export interface TenantTrust {
  /** The issuer of one version and the key set; at hand once resolved. */
  forVersion(version: TokenVersion): Promise<{ issuer: string; keys: TenantKeys }>;
  /** What the fast path verifies against; at hand once resolved, else `undefined`. */
  readonly trusted: () => TrustedIssuers | undefined;
  resolveTrusted(): Promise<TrustedIssuers>;
  /** jose's options for the issuer (or issuers) given. */
  joseOptions(issuer: string | string[]): JWTVerifyOptions;
  warmUp(): Promise<void>;
  readonly keyStats: () => { fetches: number; failures: number };
}

/**
 * The tenant's discovery documents and key set, fetched once per instance and reused by
 * warm invocations. Entra signs v1 and v2 tokens with the same keys: one key set (the v2
 * document's, as Microsoft's guidance says) serves both, so a rotation costs one fetch, not two.
 */
export function createTenantTrust(config: BridgeConfig, fetchImpl: FetchLike): TenantTrust {
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

  let trusted: TrustedIssuers | undefined;
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

  return {
    forVersion: async (version) => resolved.get(version) ?? (await resolve(version)),
    trusted: () => trusted,
    resolveTrusted,
    joseOptions,
    warmUp: () =>
      resolveTrusted().then(
        (trust) => trust.keys.warmUp(),
        () => metadata.forgetFailures(),
      ),
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
