import { effectiveGroups, effectiveRoles, type StoredUser } from '../users/storedUser';

/** A user as the admin API shows it: effective assignments, and where each came from. */
export interface AdminUser {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'user' | 'service';
  readonly oid: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Effective groups and roles: from claims and defaults, plus the manual ones. */
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** From claims and defaults; recomputed at every sign-in. */
  readonly claimGroups: readonly string[];
  readonly claimRoles: readonly string[];
  /** Given by an administrator; never touched by sign-ins. */
  readonly manualGroups: readonly string[];
  readonly manualRoles: readonly string[];
  /** The raw claim values of the last sign-in. */
  readonly claimValues: StoredUser['claimValues'];
  readonly isAdmin: boolean;
  readonly adminReason: StoredUser['adminReason'];
  readonly disabled: boolean;
  /** `admin` or `directory-sync` (Entra disabled or deleted the account); null while enabled. */
  readonly disabledBy: StoredUser['disabledBy'];
  readonly disabledReason: StoredUser['disabledReason'];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSeenAt: string;
}

export function toAdminUser(user: StoredUser): AdminUser {
  return {
    id: user.userId,
    tenantId: user.tenantId,
    kind: user.kind,
    oid: user.oid,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    groups: effectiveGroups(user),
    roles: effectiveRoles(user),
    claimGroups: user.groups,
    claimRoles: user.roles,
    manualGroups: user.manualGroups,
    manualRoles: user.manualRoles,
    claimValues: user.claimValues,
    isAdmin: user.isAdmin,
    adminReason: user.adminReason,
    disabled: user.disabled,
    disabledBy: user.disabledBy,
    disabledReason: user.disabledReason,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastSeenAt: user.lastSeenAt,
  };
}
