import { GraphError } from './graphError';

/**
 * Application permissions that let a caller read groups (group-list, group-get, group-delta,
 * directoryobject-getbyids for groups): least privileged `GroupMember.Read.All`.
 */
export const READ_GROUPS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** Application permissions that let a caller read users (user-get). */
export const READ_USERS = [
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** Application permissions that let a caller read service principals and their app role assignments. */
export const READ_APPLICATIONS = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/**
 * A permission requirement: every inner list needs one of its roles. Memberships of a user
 * (directoryobject-getmemberobjects) need a user permission and a
 * group-membership one, or `Directory.Read.All` which covers both.
 */
export type Requirement = string[][];

/** user-delta needs the full user read (least privileged `User.Read.All`), not `User.ReadBasic.All`. */
export const READ_ALL_USERS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

export const GROUPS: Requirement = [READ_GROUPS];
export const USERS_DELTA: Requirement = [READ_ALL_USERS];
export const USERS: Requirement = [READ_USERS];
export const MEMBERSHIPS: Requirement = [READ_USERS, READ_GROUPS];
export const APPLICATIONS: Requirement = [READ_APPLICATIONS];

/** Throws Graph's 403 when `roles` do not meet `requirement`. */
export function requireRoles(roles: string[], requirement: Requirement): void {
  if (requirement.every((anyOf) => anyOf.some((role) => roles.includes(role)))) return;
  throw new GraphError(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}
