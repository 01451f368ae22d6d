import type { AuditContext } from '../audit/auditEntry';
import { userAuditEntry } from '../audit/userAudit';
import { NotFoundError, UnavailableError } from '../errors';
import type { StoredUser } from '../users/storedUser';
import type { UserStore } from '../users/userStore';

const MAX_ATTEMPTS = 5;

/**
 * Read-modify-write of one user with optimistic concurrency: `change` gets the stored user
 * and returns the next version (or `undefined` for "nothing to do"); the write carries the
 * ETag it read, and a concurrent sign-in or admin change makes it start over with the
 * fresh copy instead of overwriting it. With `audit`, the change and its entry are written in
 * one transaction.
 */
export async function updateUser(
  users: UserStore,
  tenantId: string,
  userId: string,
  change: (user: StoredUser) => StoredUser | undefined,
  now: () => number = Date.now,
  audit?: { readonly context: AuditContext; readonly action: string },
): Promise<StoredUser> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await users.get(tenantId, userId);
    if (!existing) throw new NotFoundError('user_not_found', `No user "${userId}".`);
    const next = change(existing);
    if (next === undefined) return existing;
    const updated = { ...next, updatedAt: new Date(now()).toISOString(), etag: existing.etag };
    const entry = audit && userAuditEntry(audit.context, audit.action, userId, existing, updated, now);
    if ((await users.replace(updated, entry)) === 'written') return updated;
  }
  throw new UnavailableError(
    'storage_contention',
    'The user record is being changed concurrently; try again.',
    {
      retryAfterSeconds: 1,
    },
  );
}
