import type { BridgeConfig } from '../config/bridgeConfig';
import type { BridgeTables } from '../storage/tables';
import type { PrefetchingFetch } from './prefetchingFetch';

/** What a warm-up touches: the parts of a bridge the first exchange would otherwise start itself. */
export interface WarmUpTargets {
  readonly config: BridgeConfig;
  readonly tables: BridgeTables;
  /** The network of the bridge's verifier. */
  readonly network: PrefetchingFetch;
  readonly catalogSnapshot: () => Promise<unknown>;
  readonly directoryView: () => Promise<unknown>;
}

/**
 * Starts, all at once, the one-time work of an exchange that does not depend on the token:
 * the tenant's discovery documents and key set (through the verifier's own `fetch`, which
 * answers its first calls from these), the table checks, the catalog and the directory view.
 * Today's first request does them one after another; in parallel, and before the request
 * arrives, the waits for the authority and for Table Storage overlap.
 *
 * Never rejects. Whatever fails is left as it was: a failed table check or catalog read is
 * not cached by those stores, and a failed prefetch is forgotten, so the first request does
 * it again exactly as without a warm-up and answers (and logs) the failure itself.
 */
export async function warmUpBridge(targets: WarmUpTargets): Promise<void> {
  const { config, tables } = targets;
  if (!config.oauthEnabled) return;
  await Promise.allSettled([
    prefetchTenantKeys(config, targets.network),
    tables.users.ready(),
    targets.catalogSnapshot(),
    targets.directoryView(),
  ]);
}

/**
 * The documents `createTenantMetadata` and `createTenantKeys` (src/lib/entra) fetch first:
 * `/{tenant}/v2.0/.well-known/openid-configuration` (its `jwks_uri` serves both token
 * versions), the key set, then `/{tenant}/.well-known/openid-configuration` when v1 tokens
 * are accepted. One after another on purpose: they then share one TLS connection, where
 * parallel requests would each pay a handshake. A `jwks_uri` on another host is not
 * fetched: the verifier refuses it.
 */
async function prefetchTenantKeys(config: BridgeConfig, network: PrefetchingFetch): Promise<void> {
  const base = `${config.authorityHost}/${config.tenantId}`;
  const v2 = await network.prefetch(`${base}/v2.0/.well-known/openid-configuration`);
  const jwksUri = (v2 as { jwks_uri?: unknown } | undefined)?.jwks_uri;
  if (
    typeof jwksUri === 'string' &&
    URL.canParse(jwksUri) &&
    new URL(jwksUri).origin === new URL(config.authorityHost).origin
  ) {
    await network.prefetch(jwksUri);
  }
  if (config.acceptedTokenVersions.includes('1.0'))
    await network.prefetch(`${base}/.well-known/openid-configuration`);
}
