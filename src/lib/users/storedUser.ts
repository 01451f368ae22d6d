import { createHash } from 'node:crypto';
import type { ClaimValues } from '../mapping/claimValues';
import type { DisabledBy, DisabledReason } from './disabledReason';

/** An external user (or service principal) as the platform knows it. */
export interface StoredUser {
  readonly tenantId: string;
  /** Value of `OAUTH_USER_ID_CLAIM` (the platform token's `sub`). */
  readonly userId: string;
  readonly kind: 'user' | 'service';
  readonly oid: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** The raw claim values of the last sign-in, kept so a directory sync can recompute. */
  readonly claimValues: ClaimValues;
  /** Assignments that come from claims and defaults (recomputed at every sign-in and sync). */
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Assignments an administrator made by hand; never touched by sign-ins or syncs. */
  readonly manualGroups: readonly string[];
  readonly manualRoles: readonly string[];
  readonly isAdmin: boolean;
  readonly adminReason: 'claim' | 'admin_group' | null;
  readonly disabled: boolean;
  /** Set with `disabled`: who disabled the user and why (null while enabled). */
  readonly disabledBy: DisabledBy | null;
  readonly disabledReason: DisabledReason | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSeenAt: string;
  /** Optimistic concurrency tag from Table Storage. */
  readonly etag?: string;
}

/**
 * A user the platform has no assignments for yet, created at `at`: the start of a
 * provisioning, and of fixtures. `changes` sets any other field.
 */
export function newStoredUser(
  who: { tenantId: string; userId: string; oid: string; at: string },
  changes: Partial<StoredUser> = {},
): StoredUser {
  return {
    tenantId: who.tenantId,
    userId: who.userId,
    kind: 'user',
    oid: who.oid,
    email: null,
    firstName: null,
    lastName: null,
    claimValues: { groups: [], roles: [], isAdmin: [] },
    groups: [],
    roles: [],
    manualGroups: [],
    manualRoles: [],
    isAdmin: false,
    adminReason: null,
    disabled: false,
    disabledBy: null,
    disabledReason: null,
    createdAt: who.at,
    updatedAt: who.at,
    lastSeenAt: who.at,
    ...changes,
  };
}

/** Everything a sign-in may change; the hash tells whether a write is needed at all. */
export function profileHash(
  user: Omit<StoredUser, 'etag' | 'createdAt' | 'updatedAt' | 'lastSeenAt' | 'profileHash'>,
) {
  const relevant = [
    user.kind,
    user.oid,
    user.email,
    user.firstName,
    user.lastName,
    user.claimValues,
    user.groups,
    user.roles,
    user.manualGroups,
    user.manualRoles,
    user.isAdmin,
    user.adminReason,
    user.disabled,
    user.disabledBy,
    user.disabledReason,
  ];
  return createHash('sha256').update(JSON.stringify(relevant)).digest('base64url');
}

/** Effective platform groups: from claims, defaults and manual assignments. */
export const effectiveGroups = (user: Pick<StoredUser, 'groups' | 'manualGroups'>): string[] => [
  ...new Set([...user.groups, ...user.manualGroups]),
];

export const effectiveRoles = (user: Pick<StoredUser, 'roles' | 'manualRoles'>): string[] => [
  ...new Set([...user.roles, ...user.manualRoles]),
];
