import type { DirectoryGroup } from './directoryView';
import type { DeltaRound } from './fetchGroupDelta';

/** What a round changes in the stored directory. */
export interface DirectoryPlan {
  /** Groups to write (changed or new); unchanged groups are left alone. */
  readonly writes: readonly DirectoryGroup[];
  readonly added: number;
  readonly renamed: number;
  readonly updated: number;
  readonly deleted: number;
}

/**
 * Compares a delta round with the stored groups. Properties a page leaves out keep their
 * stored value (group-delta returns "at least the updated properties"). A full round lists
 * every live group, so stored live groups it does not mention were deleted meanwhile.
 * Deleted groups are kept as tombstones (`deleted: true`), never removed: a later restore
 * (`@removed.reason: changed`) brings them back. Pure.
 */
export function planDirectoryChanges(
  round: Pick<DeltaRound, 'mode' | 'items'>,
  stored: ReadonlyMap<string, DirectoryGroup>,
  now: string,
): DirectoryPlan {
  const writes: DirectoryGroup[] = [];
  let added = 0;
  let renamed = 0;
  let updated = 0;
  let deleted = 0;
  for (const item of round.items.values()) {
    const before = stored.get(item.id);
    if (item.removed) {
      if (before && !before.deleted) {
        writes.push({ ...before, deleted: true, lastSeenAt: now });
        deleted += 1;
      }
      continue;
    }
    const after: DirectoryGroup = {
      id: item.id,
      displayName: item.displayName ?? before?.displayName ?? '',
      onPremisesSamAccountName:
        item.onPremisesSamAccountName !== undefined
          ? item.onPremisesSamAccountName
          : (before?.onPremisesSamAccountName ?? null),
      securityEnabled: item.securityEnabled ?? before?.securityEnabled ?? true,
      deleted: false,
      lastSeenAt: now,
    };
    if (!before || before.deleted) {
      added += 1;
    } else if (before.displayName !== after.displayName) {
      renamed += 1;
    } else if (
      before.onPremisesSamAccountName !== after.onPremisesSamAccountName ||
      before.securityEnabled !== after.securityEnabled
    ) {
      updated += 1;
    } else {
      continue;
    }
    writes.push(after);
  }
  if (round.mode === 'full') {
    for (const group of stored.values()) {
      if (!group.deleted && !round.items.has(group.id)) {
        writes.push({ ...group, deleted: true, lastSeenAt: now });
        deleted += 1;
      }
    }
  }
  return { writes, added, renamed, updated, deleted };
}
