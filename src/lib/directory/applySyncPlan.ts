import type { AuditContext } from '../audit/auditEntry';
import { applyUserChanges } from './applyUserChanges';
import type { DirectoryGroup } from './directoryView';
import { leaverChanges, planTouchesDirectory, type SyncPlan } from './planSync';
import type { SyncDeps } from './syncDeps';
import type { SyncCounts } from './syncRunReport';
import type { SyncCursor } from './syncState';

/**
 * The apply step for users: stored users whose Entra account was disabled or deleted are
 * disabled, those enabled again are enabled, each with its audit entry. The counts, or
 * `undefined` when no user changes.
 */
export async function applyLeavers(
  deps: SyncDeps,
  plan: SyncPlan,
  audit: AuditContext,
): Promise<Pick<SyncCounts, 'usersDisabled' | 'usersEnabled'> | undefined> {
  const changes = leaverChanges(plan);
  if (!plan.leavers || changes.length === 0) return undefined;
  await applyUserChanges(
    { ...deps, audit },
    (_, after) => (after.disabled ? 'user.disable' : 'user.enable'),
    changes,
    plan.leavers.decide,
    plan.leavers.before,
  );
  const disabled = changes.filter((u) => u.disabled).length;
  return { usersDisabled: disabled, usersEnabled: changes.length - disabled };
}

/**
 * The apply step for groups: the plan's writes in transactions, then the directory cache
 * reloaded at the new version (bumped when a group changed or the directory became synced).
 * The directory version after it.
 */
export async function applyGroupWrites(deps: SyncDeps, plan: SyncPlan, cursor: SyncCursor): Promise<number> {
  if (!planTouchesDirectory(plan)) return cursor.version;
  const { writes } = plan.groups;
  await deps.store.write(writes);
  const version = writes.length > 0 || plan.becameSynced ? cursor.version + 1 : cursor.version;
  // Directory names are for reading only: a rename changes what is shown, not who gets
  // what, so no stored user is recomputed here.
  let groups: DirectoryGroup[];
  if (plan.scanned) {
    const byId = new Map(plan.storedById);
    for (const group of writes) byId.set(group.id, group);
    groups = [...byId.values()];
  } else {
    groups = await deps.store.all();
  }
  deps.cache.install(groups, version, plan.round.mode === 'full' || cursor.fullSyncAt !== undefined);
  return version;
}
