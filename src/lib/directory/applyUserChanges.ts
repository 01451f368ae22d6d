import type { TransactionAction } from '@azure/data-tables';
import { type AuditContext, auditAction } from '../audit/auditEntry';
import { userAuditEntry } from '../audit/userAudit';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import type { BridgeTable } from '../storage/tables';
import type { StoredUser } from '../users/storedUser';
import { toUserEntity } from '../users/userEntity';
import type { UserStore } from '../users/userStore';
import { inParallel, MAX_TRANSACTION_OPERATIONS } from './directoryStore';

export interface UserChangeDeps {
  readonly users: UserStore;
  readonly usersTable: BridgeTable;
  readonly audit: AuditContext;
  readonly now: () => number;
}

/** Users written, and those left alone because they changed meanwhile and no longer need it. */
export interface UserChangeResult {
  readonly written: number;
  readonly conflicts: number;
}

/**
 * Writes the sync's changes to stored users: each user replaced with the ETag it was read
 * with, together with its audit entry, in transactions of one partition (a tenant's users
 * and their audit rows share it), so at most 50 users per transaction. A transaction that
 * loses to a concurrent write is redone user by user: fresh read, `decide` again, conditional
 * replace with the entry — both or neither, every time.
 */
export async function applyUserChanges(
  deps: UserChangeDeps,
  action: (before: StoredUser, after: StoredUser) => string,
  changes: readonly StoredUser[],
  decide: (user: StoredUser) => StoredUser | undefined,
  stored: ReadonlyMap<string, StoredUser>,
): Promise<UserChangeResult> {
  if (changes.length === 0) return { written: 0, conflicts: 0 };
  const client = await deps.usersTable.ready();
  const perBatch = MAX_TRANSACTION_OPERATIONS / 2;
  const batches: StoredUser[][] = [];
  for (let i = 0; i < changes.length; i += perBatch) batches.push(changes.slice(i, i + perBatch));
  let written = 0;
  let conflicts = 0;
  const entryOf = (before: StoredUser, after: StoredUser) =>
    userAuditEntry(deps.audit, action(before, after), after.userId, before, after, deps.now);
  await inParallel(batches, 2, async (batch) => {
    const actions = batch.flatMap((after): TransactionAction[] => {
      const before = stored.get(after.userId) ?? after;
      const entity = toUserEntity(after);
      return [
        ['update', { ...entity }, 'Replace', { etag: after.etag ?? '*' }],
        auditAction(entity.partitionKey, entryOf(before, after)),
      ];
    });
    try {
      await client.submitTransaction(actions);
      written += batch.length;
      return;
    } catch (err) {
      if (!(isPreconditionFailed(err) || isNotFound(err) || isConflict(err))) toStorageUnavailable(err);
    }
    for (const stale of batch) {
      if (await redoOne(deps, stale, decide, entryOf)) written += 1;
      else conflicts += 1;
    }
  });
  return { written, conflicts };
}

async function redoOne(
  deps: UserChangeDeps,
  stale: StoredUser,
  decide: (user: StoredUser) => StoredUser | undefined,
  entryOf: (before: StoredUser, after: StoredUser) => ReturnType<typeof userAuditEntry>,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const fresh = await deps.users.get(stale.tenantId, stale.userId);
    if (!fresh) return false;
    const next = decide(fresh);
    if (!next) return true;
    if ((await deps.users.replace(next, entryOf(fresh, next))) === 'written') return true;
  }
  return false;
}
