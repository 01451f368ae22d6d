import type { StoredUser } from '../users/storedUser';
import { type AuditContext, type AuditEntry, newAuditEntry } from './auditEntry';

/** The actor of every change the directory sync makes. */
export const SYNC_ACTOR = 'directory-sync';

/** What an audit entry shows of a user: the state administrators and the sync change (no raw claims). */
export function auditedUser(user: StoredUser): Record<string, unknown> {
  return {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    groups: user.groups,
    roles: user.roles,
    manualGroups: user.manualGroups,
    manualRoles: user.manualRoles,
    isAdmin: user.isAdmin,
    disabled: user.disabled,
    disabledBy: user.disabledBy,
    disabledReason: user.disabledReason,
  };
}

/** The entry of one user change (`before`/`after` undefined for a creation/deletion). */
export function userAuditEntry(
  context: AuditContext,
  action: string,
  userId: string,
  before: StoredUser | undefined,
  after: StoredUser | undefined,
  now?: () => number,
): AuditEntry {
  return newAuditEntry(
    context,
    action,
    { type: 'user', id: userId },
    before ? auditedUser(before) : null,
    after ? auditedUser(after) : null,
    now,
  );
}
