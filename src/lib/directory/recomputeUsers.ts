import type { TransactionAction } from '@azure/data-tables';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import { decideSignIn } from '../users/signInDecision';
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

/** Which users a recomputation touches, and what it changes besides the claim-made assignments. */
export interface RecomputeScope {
  /** Only users this selects are recomputed (every user by default); the rest are read once and left alone. */
  readonly affects?: (user: StoredUser) => boolean;
  /** Applied before the mapping, e.g. to drop a deleted entry from manual assignments. */
  readonly edit?: (user: StoredUser) => StoredUser;
}

/** Recomputed users and those left to their next sign-in because they changed meanwhile. */
export interface RecomputeResult {
  readonly recomputed: number;
  readonly conflicts: number;
}

/**
 * After the mapping's inputs changed (links, catalog entries, the directory), recomputes the
 * stored users' claim-based groups, roles and admin flag from the claim values of their last
 * sign-in with `decideSignIn` (the decision sign-in runs), so the admin API shows current
 * mappings at once. One scan reads each user once; only users the scope selects are
 * recomputed, and only changed ones are written, in transactions of ≤100 (one partition per
 * tenant), each entity with its ETag; manual assignments are carried over unless the scope
 * edits them. A transaction that loses to a concurrent sign-in is redone user by user from
 * fresh reads.
 */
export async function recomputeUsers(
  deps: RecomputeDeps,
  scope: RecomputeScope = {},
): Promise<RecomputeResult> {
  const { config } = deps;
  const changed: StoredUser[] = [];
  for await (const user of deps.users.all(config.tenantId)) {
    if (scope.affects && !scope.affects(user)) continue;
    const next = recompute(deps, user, scope);
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
      if (await recomputeOne(deps, user, scope)) recomputed += 1;
      else conflicts += 1;
    }
  });
  return { recomputed, conflicts };
}

/** The user with recomputed assignments, or undefined when nothing changes. */
function recompute(deps: RecomputeDeps, stored: StoredUser, scope: RecomputeScope): StoredUser | undefined {
  const user = scope.edit ? scope.edit(stored) : stored;
  // The stored claim values through the sign-in's own decision: what the next exchange would store.
  const result = decideSignIn(deps.config, {
    subjectId: user.userId,
    claimValues: user.claimValues,
    catalog: deps.catalog,
    directory: deps.directory,
    stored: user,
  }).assignments;
  const same =
    JSON.stringify([
      stored.groups,
      stored.roles,
      stored.isAdmin,
      stored.adminReason,
      stored.manualGroups,
      stored.manualRoles,
    ]) ===
    JSON.stringify([
      result.groups,
      result.roles,
      result.isAdmin,
      result.adminReason,
      user.manualGroups,
      user.manualRoles,
    ]);
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
async function recomputeOne(deps: RecomputeDeps, stale: StoredUser, scope: RecomputeScope): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const fresh = await deps.users.get(stale.tenantId, stale.userId);
    if (!fresh) return false;
    const next = recompute(deps, fresh, scope);
    if (!next) return true;
    if ((await deps.users.replace(next)) === 'written') return true;
  }
  return false;
}
