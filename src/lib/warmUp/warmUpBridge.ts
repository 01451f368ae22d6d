import type { BridgeConfig } from '../config/bridgeConfig';
import type { EntraTokenVerifier } from '../entra/verifyEntraToken';
import type { BridgeTables } from '../storage/tables';

/** What a warm-up touches: the parts of a bridge the first exchange would otherwise start itself. */
export interface WarmUpTargets {
  readonly config: BridgeConfig;
  readonly verifier: EntraTokenVerifier;
  readonly tables: BridgeTables;
  readonly catalogSnapshot: () => Promise<unknown>;
  readonly directoryView: () => Promise<unknown>;
}

/**
 * Starts, all at once, the one-time work of an exchange that does not depend on the token:
 * the tenant's discovery documents and key set, the Users table check, the catalog and the
 * directory view. The first request would do them one after another; started at instance
 * start, the waits for the authority and for Table Storage overlap and come early.
 *
 * Never rejects. Whatever fails is left as it was: none of these caches a failure, so the
 * first request does it again exactly as without a warm-up and answers (and logs) it.
 */
export async function warmUpBridge(targets: WarmUpTargets): Promise<void> {
  if (!targets.config.oauthEnabled) return;
  await Promise.allSettled([
    targets.verifier.warmUp(),
    targets.tables.users.ready(),
    targets.catalogSnapshot(),
    targets.directoryView(),
  ]);
}
