import type { TokenVersion } from '../config/bridgeConfig';
import { UnavailableError } from '../errors';
import { type FetchLike, fetchJson } from './fetchJson';

/** What the bridge takes from a tenant's OpenID discovery document. */
export interface TenantMetadata {
  /** Exact `iss` of access tokens of this version. */
  readonly issuer: string;
  readonly jwksUri: string;
}

/**
 * Discovery documents of the configured tenant under `OAUTH_AUTHORITY_HOST`, one per token
 * version: v1 at `/{tenant}/.well-known/openid-configuration` (issuer
 * `https://sts.windows.net/{tid}/`, or `sts.chinacloudapi.cn` in China), v2 at
 * `/{tenant}/v2.0/.well-known/openid-configuration`. Taking the issuer from the
 * document rather than hard-coding it is what makes sovereign clouds work unchanged.
 * Successful answers are cached for the life of the instance. A failure is kept for the
 * cooldown (`OAUTH_KEYS_REFRESH_COOLDOWN_SECONDS`, as for the key set): a flood of tokens
 * while the authority is failing makes at most one discovery fetch per document and
 * cooldown, and every token meanwhile gets the same 503.
 */
export interface TenantMetadataSource {
  (version: TokenVersion): Promise<TenantMetadata>;
  /** Forgets kept failures, so the next call fetches at once (a failed warm-up must not delay the first token). */
  forgetFailures(): void;
}

export function createTenantMetadata(options: {
  authorityHost: string;
  tenantId: string;
  fetch: FetchLike;
  cooldownSeconds: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}): TenantMetadataSource {
  const now = options.now ?? Date.now;
  const cache = new Map<TokenVersion, Promise<TenantMetadata>>();
  const failedUntil = new Map<TokenVersion, number>();
  const base = `${options.authorityHost}/${options.tenantId}`;

  const load = async (version: TokenVersion): Promise<TenantMetadata> => {
    const url =
      version === '2.0'
        ? `${base}/v2.0/.well-known/openid-configuration`
        : `${base}/.well-known/openid-configuration`;
    const doc = await fetchJson(options.fetch, url, 'tenant discovery document');
    const { issuer, jwks_uri: jwksUri } = doc;
    if (typeof issuer !== 'string' || typeof jwksUri !== 'string') {
      throw new UnavailableError(
        'keys_unavailable',
        'The tenant discovery document has no issuer or jwks_uri.',
      );
    }
    // The key set must live at the authority we were configured with, not wherever a
    // document says: a tampered document must not move trust elsewhere.
    if (new URL(jwksUri).origin !== new URL(options.authorityHost).origin) {
      throw new UnavailableError(
        'keys_unavailable',
        'The discovery document points its jwks_uri at another host.',
      );
    }
    return { issuer: issuer.replaceAll('{tenantid}', options.tenantId), jwksUri };
  };

  const source = (version: TokenVersion) => {
    let pending = cache.get(version);
    if (pending && (failedUntil.get(version) ?? Number.POSITIVE_INFINITY) <= now()) {
      failedUntil.delete(version);
      pending = undefined;
    }
    if (!pending) {
      const loading = load(version);
      cache.set(version, loading);
      loading.catch(() => {
        if (options.cooldownSeconds <= 0) cache.delete(version);
        else failedUntil.set(version, now() + options.cooldownSeconds * 1000);
      });
      pending = loading;
    }
    return pending;
  };
  return Object.assign(source, {
    forgetFailures() {
      for (const version of failedUntil.keys()) cache.delete(version);
      failedUntil.clear();
    },
  });
}
