import type { NameMatcher } from '../mapping/nameMatcher';

/** One Entra group as the directory sync last saw it. */
export interface DirectoryGroup {
  readonly id: string;
  readonly displayName: string;
  readonly onPremisesSamAccountName: string | null;
  readonly securityEnabled: boolean;
  readonly deleted: boolean;
  readonly lastSeenAt: string;
}

/** Read-only view of the synchronised directory used by the mapping. */
export interface DirectoryView {
  /** False until a sync has completed at least once: then "unknown" means nothing. */
  readonly synced: boolean;
  /** A live (not deleted) group by object ID. */
  group(id: string): DirectoryGroup | undefined;
  /** True when more than one live group carries this display name under the matcher. */
  isAmbiguousName(displayName: string): boolean;
  /** Number of live groups. */
  readonly size: number;
  /** The live groups, in storage order. */
  groups(): readonly DirectoryGroup[];
}

/**
 * Builds the view from stored groups. Two Entra groups with the same display name cannot
 * be told apart by name, so neither maps by name (issue "Directory sync", point 3).
 */
export function createDirectoryView(
  groups: Iterable<DirectoryGroup>,
  matcher: NameMatcher,
  synced: boolean,
): DirectoryView {
  const byId = new Map<string, DirectoryGroup>();
  const nameCounts = new Map<string, number>();
  for (const group of groups) {
    if (group.deleted) continue;
    byId.set(group.id.toLowerCase(), group);
    const key = matcher.key(group.displayName);
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const live = [...byId.values()];
  return {
    synced,
    size: byId.size,
    groups: () => live,
    group: (id) => byId.get(id.toLowerCase()),
    isAmbiguousName: (displayName) => (nameCounts.get(matcher.key(displayName)) ?? 0) > 1,
  };
}

export const EMPTY_DIRECTORY: DirectoryView = {
  synced: false,
  size: 0,
  groups: () => [],
  group: () => undefined,
  isAmbiguousName: () => false,
};
