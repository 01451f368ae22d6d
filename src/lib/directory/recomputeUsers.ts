import type { TransactionAction } from '@azure/data-tables';
import type { BridgeConfig } from '../config/bridgeConfig';
import { mapAssignments, type PlatformCatalog } from '../mapping/mapAssignments';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import type { BridgeTable } from '../storage/tables';
import type { StoredUser } from '../users/storedUser';
import { toUserEntity } from '../users/userEntity';
import type { UserStore } from '../users/userStore';
import { inParallel, MAX_TRANSACTION_OPERATIONS } from './directoryStore';
import type { DirectoryView } from './directoryView';

export interface RecomputeDeps {
  readonly config: BridgeConfig;
  readonly users: UserStore;
  readonly usersTable: BridgeTable;
  readonly catalog: PlatformCatalog;
  readonly directory: DirectoryView;
  readonly now: () => number;
}

/** Recomputed users and those left to their next sign-in because they changed meanwhile. */
export interface RecomputeResult {
  readonly recomputed: number;
  readonly conflicts: number;
}

/**
 * After a sync changed the directory, recomputes every stored user's claim-based groups,
 * roles and admin flag from the claim values of their last sign-in with `mapAssignments`
 * (the function sign-in uses), so the admin API shows current mappings at once (issue 3,
 * point 4). Only changed users are written, in transactions of ≤100 (one partition per
 * tenant), each entity with its ETag; manual assignments are carried over untouched. A
 * transaction that loses to a concurrent sign-in is redone user by user from fresh reads.
 */
export async function recomputeUsers(deps: RecomputeDeps): Promise<RecomputeResult> {
  const { config } = deps;
  const changed: StoredUser[] = [];
  for await (const user of deps.users.all(config.tenantId)) {
    const next = recompute(deps, user);
    if (next) changed.push(next);
  }
  if (changed.length === 0) return { recomputed: 0, conflicts: 0 };

  const client = await deps.usersTable.ready();
  let recomputed = 0;
  let conflicts = 0;
  const batches: StoredUser[][] = [];
  for (let i = 0; i < changed.length; i += MAX_TRANSACTION_OPERATIONS) {
    batches.push(changed.slice(i, i + MAX_TRANSACTION_OPERATIONS));
  }
  await inParallel(batches, 2, async (batch) => {
    const actions = batch.map(
      (user): TransactionAction => [
        'update',
        { ...toUserEntity(user) },
        'Replace',
        { etag: user.etag ?? '*' },
      ],
    );
    try {
      await client.submitTransaction(actions);
      recomputed += batch.length;
      return;
    } catch (err) {
      if (!(isPreconditionFailed(err) || isNotFound(err) || isConflict(err))) toStorageUnavailable(err);
    }
    for (const user of batch) {
      if (await recomputeOne(deps, user)) recomputed += 1;
      else conflicts += 1;
    }
  });
  return { recomputed, conflicts };
}

/** The user with recomputed assignments, or undefined when nothing changes. */
function recompute(deps: RecomputeDeps, user: StoredUser): StoredUser | undefined {
  const result = mapAssignments(deps.config, user.claimValues, deps.catalog, deps.directory);
  const same =
    JSON.stringify([user.groups, user.roles, user.isAdmin, user.adminReason]) ===
    JSON.stringify([result.groups, result.roles, result.isAdmin, result.adminReason]);
  if (same) return undefined;
  return {
    ...user,
    groups: result.groups,
    roles: result.roles,
    isAdmin: result.isAdmin,
    adminReason: result.adminReason,
    updatedAt: new Date(deps.now()).toISOString(),
  };
}

/** One user after a lost transaction: fresh read, recompute, conditional replace (twice at most). */
async function recomputeOne(deps: RecomputeDeps, stale: StoredUser): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const fresh = await deps.users.get(stale.tenantId, stale.userId);
    if (!fresh) return false;
    const next = recompute(deps, fresh);
    if (!next) return true;
    if ((await deps.users.replace(next)) === 'written') return true;
  }
  return false;
}
