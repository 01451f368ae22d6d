import { createRemoteJWKSet, customFetch, type JWKSCacheInput, jwksCache, type JWTVerifyGetKey } from 'jose';
import { UnavailableError } from '../errors';
import type { FetchLike } from './fetchJson';

export interface TenantKeysOptions {
  jwksUri: string;
  fetch: FetchLike;
  /** Minimum time between two fetches caused by unknown `kid`s or failures. */
  cooldownSeconds: number;
  /** After this age the set is refreshed in the background; the old keys stay usable. */
  refreshAfterSeconds?: number;
  /** Wall clock in ms (jose's own cooldown uses `Date.now`, so this one must agree). */
  now?: () => number;
}

type ResolvedKey = Awaited<ReturnType<JWTVerifyGetKey>>;

export interface TenantKeys {
  /** Key resolver for `jose.jwtVerify`. */
  readonly getKey: JWTVerifyGetKey;
  /** The key a header names if it is already at hand, else `undefined` (then use `getKey`). */
  readonly knownKey: (header: Readonly<Record<string, unknown>>) => ResolvedKey | undefined;
  /** Counts of what happened, for health and tests. */
  readonly stats: { fetches: number; failures: number };
  /**
   * Fetches the set ahead of the first token (instance start). Never rejects; a failure is
   * forgotten, so the first token's fetch is not held back by the cooldown.
   */
  warmUp(): Promise<void>;
}

/**
 * The tenant's signing keys (`{authority}/{tenant}/discovery/v2.0/keys`) through jose's
 * remote key set, with two properties jose alone does not give
 * (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover):
 *  - last good keys are kept when the key endpoint fails: jose's own expiry is disabled
 *    and the set is refreshed in the background after `refreshAfterSeconds`;
 *  - at most one fetch per cooldown, successes *and* failures: a flood of tokens with
 *    made-up `kid`s against a dead endpoint makes one request, not one per token.
 * An unknown `kid` that cannot be checked because the endpoint is down is an outage
 * (503 `keys_unavailable`), not a bad token.
 */
export function createTenantKeys(options: TenantKeysOptions): TenantKeys {
  const stats = { fetches: 0, failures: 0 };
  const now = options.now ?? Date.now;
  const cooldownMs = options.cooldownSeconds * 1000;
  const refreshAfterMs = (options.refreshAfterSeconds ?? 24 * 3600) * 1000;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastSuccessAt = Number.NEGATIVE_INFINITY;
  let lastFailure: unknown;

  const guardedFetch: FetchLike = async (input, init) => {
    const at = now();
    if (lastFailure !== undefined && at - lastAttemptAt < cooldownMs) {
      throw new UnavailableError(
        'keys_unavailable',
        'The tenant key endpoint failed recently; not asking again yet.',
        {
          cause: lastFailure,
        },
      );
    }
    lastAttemptAt = at;
    stats.fetches += 1;
    try {
      const response = await options.fetch(input, init);
      if (response.status !== 200) throw new Error(`key endpoint answered HTTP ${response.status}`);
      lastFailure = undefined;
      lastSuccessAt = at;
      return response;
    } catch (err) {
      stats.failures += 1;
      lastFailure = err;
      throw err;
    }
  };

  // jose writes every key set it applies into this object: a cheap way to tell that the
  // set changed (`remote.jwks()` would deep-copy it).
  const applied: { jwks?: unknown; uat?: number } = {};
  const remote = createRemoteJWKSet(new URL(options.jwksUri), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: Number.POSITIVE_INFINITY,
    timeoutDuration: 5000,
    [customFetch]: guardedFetch,
    [jwksCache]: applied as JWKSCacheInput,
  });

  // Keys jose resolved from the current set, by `alg` and `kid` (all its key selection
  // reads): every token of a tenant names one of a few keys, so the set is searched and
  // the key imported once per key, not once per token. Emptied whenever another set is
  // applied; only keys that were found are kept, so the map never outgrows the set.
  let resolved = new Map<string, ResolvedKey>();
  let resolvedFrom: unknown;

  /** Asks jose's remote set (which fetches when the `kid` is unknown) and remembers the answer. */
  const fromRemote = async (...[header, token]: Parameters<JWTVerifyGetKey>) => {
    const set = applied.jwks;
    try {
      const key = await remote(header, token);
      // Kept only if no other set was applied meanwhile: then `key` came from `set`.
      if (set !== undefined && applied.jwks === set) {
        if (resolvedFrom !== set) {
          resolved = new Map();
          resolvedFrom = set;
        }
        resolved.set(`${header.alg} ${header.kid}`, key);
      }
      return key;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
      if (err instanceof UnavailableError) throw err;
      throw new UnavailableError('keys_unavailable', 'The tenant signing keys could not be fetched.', {
        cause: err,
      });
    }
  };

  /**
   * The key for `header` when it was resolved from the current set before, without a
   * promise: verifications then hand jose the key itself (a key function costs every
   * verification a turn of the microtask queue). Also starts the periodic background refresh.
   */
  const knownKey = (header: Readonly<Record<string, unknown>>) => {
    const at = now();
    if (at - lastSuccessAt > refreshAfterMs && at - lastAttemptAt >= cooldownMs && applied.jwks) {
      remote.reload().catch(() => undefined);
    }
    if (applied.jwks === undefined || applied.jwks !== resolvedFrom) return undefined;
    return resolved.get(`${header.alg} ${header.kid}`);
  };

  const getKey: JWTVerifyGetKey = (header, token) => knownKey(header) ?? fromRemote(header, token);
  const warmUp = async () => {
    if (applied.jwks !== undefined) return;
    try {
      await remote.reload();
    } catch {
      lastFailure = undefined;
      lastAttemptAt = Number.NEGATIVE_INFINITY;
    }
  };

  return { getKey, knownKey, stats, warmUp };
}
