import type { BridgeConfig } from '../config/bridgeConfig';
import type { EntraTokenVerifier } from '../entra/verifyEntraToken';
import type { DirectoryView } from '../directory/directoryView';
import {
  describeLookAlike,
  findUnlinkedLookAlikes,
  LINK_SAME_NAMES_COMMAND,
} from '../mapping/findUnlinkedLookAlikes';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTables } from '../storage/tables';

/** What a warm-up touches: the parts of a bridge the first exchange would otherwise start itself. */
export interface WarmUpTargets {
  readonly config: BridgeConfig;
  readonly verifier: EntraTokenVerifier;
  readonly tables: BridgeTables;
  readonly catalog: { snapshot(): Promise<PlatformCatalog> };
  readonly directory: { view(): Promise<DirectoryView> };
  /** Where the start-up warnings go (the host's log). */
  readonly warn?: (line: string) => void;
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
  const [, , catalog, directory] = await Promise.allSettled([
    targets.verifier.warmUp(),
    targets.tables.users.ready(),
    targets.catalog.snapshot(),
    targets.directory.view(),
  ]);
  if (catalog.status === 'fulfilled' && directory.status === 'fulfilled') {
    warnLookAlikes(targets, catalog.value, directory.value);
  }
}

/**
 * Says at start which platform groups an Entra group of the same name no longer reaches
 * (names never grant; an administrator links them), so an upgrade never loses access silently.
 */
function warnLookAlikes(targets: WarmUpTargets, catalog: PlatformCatalog, directory: DirectoryView): void {
  const found = findUnlinkedLookAlikes(targets.config, catalog, directory);
  if (found.length === 0) return;
  const warn = targets.warn ?? ((line: string) => console.warn(line));
  warn(
    `entra-bridge: ${found.length} platform mapping(s) look like Entra groups but are not linked; ` +
      `display names never grant access. Review and link them: ${LINK_SAME_NAMES_COMMAND}`,
  );
  for (const item of found) warn(`entra-bridge:   ${describeLookAlike(item)}`);
}
