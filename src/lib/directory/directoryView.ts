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
  /** A group by object ID, live or deleted (tombstone): to show a link's state. */
  known(id: string): DirectoryGroup | undefined;
  /** True when more than one live group carries this display name under the matcher. */
  isAmbiguousName(displayName: string): boolean;
  /** Number of live groups. */
  readonly size: number;
  /** The live groups, in storage order. */
  groups(): readonly DirectoryGroup[];
}

/**
 * Builds the view from stored groups. Display names are for people: an administrator picks
 * a group to link by name, so a name shared by several live groups is flagged ambiguous.
 */
export function createDirectoryView(
  groups: Iterable<DirectoryGroup>,
  matcher: NameMatcher,
  synced: boolean,
): DirectoryView {
  const byId = new Map<string, DirectoryGroup>();
  const all = new Map<string, DirectoryGroup>();
  const nameCounts = new Map<string, number>();
  for (const group of groups) {
    all.set(group.id.toLowerCase(), group);
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
    known: (id) => all.get(id.toLowerCase()),
    isAmbiguousName: (displayName) => (nameCounts.get(matcher.key(displayName)) ?? 0) > 1,
  };
}

export const EMPTY_DIRECTORY: DirectoryView = {
  synced: false,
  size: 0,
  groups: () => [],
  group: () => undefined,
  known: () => undefined,
  isAmbiguousName: () => false,
};
