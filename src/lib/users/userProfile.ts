import { effectiveGroups, effectiveRoles, type StoredUser } from './storedUser';

/** The caller's platform profile as `GET /api/me` answers it. */
export interface UserProfile {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly lastSeenAt: string;
}

export function toUserProfile(user: StoredUser): UserProfile {
  return {
    id: user.userId,
    tenantId: user.tenantId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    groups: effectiveGroups(user),
    roles: effectiveRoles(user),
    isAdmin: user.isAdmin,
    lastSeenAt: user.lastSeenAt,
  };
}
