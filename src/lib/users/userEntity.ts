import type { TableEntityResult } from '@azure/data-tables';
import { decodeKey, encodeKey } from '../storage/tableKeys';
import { profileHash, type StoredUser } from './storedUser';
import { DISABLED_REASONS, type DisabledReason } from './disabledReason';

/** Table Storage holds strings up to 64 KiB per property; arrays are stored as JSON text. */
const MAX_JSON_PROPERTY = 60_000;

export interface UserEntity {
  partitionKey: string;
  rowKey: string;
  userId: string;
  tenantId: string;
  kind: string;
  oid: string;
  email: string;
  firstName: string;
  lastName: string;
  claimGroups: string;
  claimRoles: string;
  claimIsAdmin: string;
  groups: string;
  roles: string;
  manualGroups: string;
  manualRoles: string;
  isAdmin: boolean;
  adminReason: string;
  disabled: boolean;
  disabledBy: string;
  disabledReason: string;
  createdAt: string;
  updatedAt: string;
  lastSeenAt: string;
  profileHash: string;
}

export const userKeys = (tenantId: string, userId: string) => ({
  partitionKey: encodeKey(tenantId),
  rowKey: encodeKey(userId),
});

export function toUserEntity(user: StoredUser): UserEntity {
  return {
    ...userKeys(user.tenantId, user.userId),
    userId: user.userId,
    tenantId: user.tenantId,
    kind: user.kind,
    oid: user.oid,
    email: user.email ?? '',
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    claimGroups: json(user.claimValues.groups),
    claimRoles: json(user.claimValues.roles),
    claimIsAdmin: json(user.claimValues.isAdmin),
    groups: json(user.groups),
    roles: json(user.roles),
    manualGroups: json(user.manualGroups),
    manualRoles: json(user.manualRoles),
    isAdmin: user.isAdmin,
    adminReason: user.adminReason ?? '',
    disabled: user.disabled,
    disabledBy: user.disabledBy ?? '',
    disabledReason: user.disabledReason ?? '',
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastSeenAt: user.lastSeenAt,
    profileHash: profileHash(user),
  };
}

export function fromUserEntity(
  entity: TableEntityResult<Record<string, unknown>>,
): StoredUser & { profileHash: string } {
  const text = (name: string) => (typeof entity[name] === 'string' ? (entity[name] as string) : '');
  const orNull = (name: string) => text(name) || null;
  const adminReason = text('adminReason');
  const disabled = entity.disabled === true;
  return {
    tenantId: text('tenantId') || decodeKey(entity.partitionKey ?? ''),
    userId: text('userId') || decodeKey(entity.rowKey ?? ''),
    kind: text('kind') === 'service' ? 'service' : 'user',
    oid: text('oid'),
    email: orNull('email'),
    firstName: orNull('firstName'),
    lastName: orNull('lastName'),
    claimValues: {
      groups: list(text('claimGroups')),
      roles: list(text('claimRoles')),
      isAdmin: list(text('claimIsAdmin')),
    },
    groups: list(text('groups')),
    roles: list(text('roles')),
    manualGroups: list(text('manualGroups')),
    manualRoles: list(text('manualRoles')),
    isAdmin: entity.isAdmin === true,
    adminReason: adminReason === 'claim' || adminReason === 'admin_group' ? adminReason : null,
    disabled,
    // Users disabled before the reason was kept were disabled by an administrator.
    disabledBy: !disabled ? null : text('disabledBy') === 'directory-sync' ? 'directory-sync' : 'admin',
    disabledReason: !disabled
      ? null
      : DISABLED_REASONS.includes(text('disabledReason') as DisabledReason)
        ? (text('disabledReason') as DisabledReason)
        : 'admin_disabled',
    createdAt: text('createdAt'),
    updatedAt: text('updatedAt'),
    lastSeenAt: text('lastSeenAt'),
    profileHash: text('profileHash'),
    etag: entity.etag,
  };
}

/**
 * Arrays as JSON. A token's claim values are bounded by the token size, but group overage
 * resolved through Graph can be thousands of OIDs: past the property limit we keep the
 * first ones rather than fail the sign-in (the assignments themselves are small).
 */
function json(values: readonly string[]): string {
  let text = JSON.stringify(values);
  if (text.length <= MAX_JSON_PROPERTY) return text;
  const kept = [...values];
  while (text.length > MAX_JSON_PROPERTY) {
    kept.length = Math.floor(kept.length * 0.9);
    text = JSON.stringify(kept);
  }
  return text;
}

function list(text: string): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
