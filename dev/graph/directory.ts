import { randomUUID } from 'node:crypto';
import type { DemoGroup, DemoTenant, DemoUser } from '../demoTenant';
import { createChangeLog, type Tracked } from './changeLog';
import { createUserChanges, type UserChanges } from './userChanges';

/** A group plus what change tracking needs (groups/delta). */
export interface GroupRecord extends Tracked {
  group: DemoGroup;
  /** Groups this group is a direct member of (nested groups). */
  memberOf: string[];
  createdDateTime: string;
}

/** Input of {@link Directory.addGroup}. */
export type NewGroup = Partial<DemoGroup> & { displayName: string; memberOf?: string[] };

/** What tests and benchmarks change in the directory behind the local Graph (`LocalGraph.directory`). */
export interface DirectoryControls {
  /** Adds a group (new GUID when `id` is absent) and records the change for delta. */
  addGroup(input: NewGroup): DemoGroup;
  /** Adds `count` security groups named `{prefix} {n}`. */
  addGroups(count: number, prefix?: string): DemoGroup[];
  renameGroup(id: string, displayName: string): void;
  /**
   * Deletes a group. Security groups are deleted permanently (they cannot be restored:
   * directory-deleteditems-restore), so delta reports `reason: deleted`; `{ soft: true }` models
   * a Microsoft 365 group moved to deleted items, reported as `reason: changed`.
   */
  deleteGroup(id: string, options?: { soft?: boolean }): void;
  /** Replaces a user's direct group memberships. */
  setMemberOf(userId: string, groupIds: string[]): void;
  /** Replaces the groups assigned to the platform API's service principal ("Users and groups"). */
  assignToApi(groupIds: string[]): void;
  /** Live groups in creation order (copies). */
  groups(): DemoGroup[];
  /** Adds `count` users with new object IDs (`{prefix}{n}@…`); returns their IDs. */
  addUsers(count: number, prefix?: string): string[];
  /** Disables or enables an account (`accountEnabled`), recorded for users/delta. */
  setAccountEnabled(userId: string, enabled: boolean): void;
  /**
   * Deletes a user. By default it goes to deleted items, restorable for 30 days, which
   * users/delta reports as `@removed.reason: changed`; `{ permanent: true }` gives `deleted`.
   */
  deleteUser(userId: string, options?: { permanent?: boolean }): void;
}

/** The mutable directory behind the local Graph: its controls and what route handlers read. */
export interface Directory extends DirectoryControls {
  readonly state: DirectoryState;
}

/** Read side used by the route handlers. */
export interface DirectoryState {
  version(): number;
  group(id: string): GroupRecord | undefined;
  /** Live groups created after `seq`, at most `limit`. */
  liveAfter(seq: number, limit: number): GroupRecord[];
  /** Records whose latest change has a version in (`after`, `upTo`], by version, at most `limit`. */
  changes(after: number, upTo: number, limit: number): GroupRecord[];
  /** A live user by object ID or userPrincipalName. */
  user(idOrUpn: string): DemoUser | undefined;
  /** Users with their change log (users/delta). */
  readonly users: UserChanges;
  /** Live groups the user belongs to directly or through nested groups. */
  transitiveGroups(userId: string): GroupRecord[];
  /** Object IDs of the groups assigned to the service principal of `appId` (only the platform API has any). */
  assignedGroups(appId: string): string[];
}

/** Creates the directory from a deep copy of `tenant`, so callers may mutate theirs freely. */
export function createDirectory(tenant: DemoTenant, now: () => number): Directory {
  const users = structuredClone(tenant.users);
  const userChanges = createUserChanges(users);
  const groups = createChangeLog<GroupRecord>('group');
  let bulkUsers = 0;
  let bulk = 0;
  let apiGroups: string[] = [];

  const insert = (group: DemoGroup, memberOf: string[], createdDateTime: string): DemoGroup => {
    groups.insert(group.id, { group, memberOf, createdDateTime });
    return { ...group };
  };
  const addGroup = (input: NewGroup): DemoGroup =>
    insert(
      {
        id: input.id ?? randomUUID(),
        displayName: input.displayName,
        onPremisesSamAccountName: input.onPremisesSamAccountName ?? null,
        securityEnabled: input.securityEnabled ?? true,
      },
      [...(input.memberOf ?? [])],
      new Date(now()).toISOString(),
    );
  for (const group of tenant.groups) addGroup(structuredClone(group));

  const state: DirectoryState = {
    version: groups.version,
    group: groups.record,
    liveAfter: groups.liveAfter,
    changes: groups.changes,
    user: (idOrUpn) => {
      const key = idOrUpn.toLowerCase();
      const byId = userChanges.record(key);
      if (byId) return byId.removed ? undefined : byId.user;
      return users.find(
        (u) => u.userPrincipalName.toLowerCase() === key && userChanges.record(u.id)?.removed === null,
      );
    },
    users: userChanges,
    assignedGroups: (appId) => (appId.toLowerCase() === tenant.apiAppId.toLowerCase() ? [...apiGroups] : []),
    transitiveGroups(userId) {
      const seen = new Map<string, GroupRecord>();
      const queue = [...(state.user(userId)?.memberOf ?? [])];
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const record = groups.record(id);
        if (!record || record.removed || seen.has(record.group.id)) continue;
        seen.set(record.group.id, record);
        queue.push(...record.memberOf);
      }
      return [...seen.values()];
    },
  };

  return {
    addGroup,
    addGroups(count, prefix = 'Group') {
      const createdDateTime = new Date(now()).toISOString();
      const added: DemoGroup[] = [];
      for (let i = 0; i < count; i++) {
        bulk += 1;
        const group = { id: randomUUID(), displayName: `${prefix} ${bulk}`, onPremisesSamAccountName: null };
        added.push(insert({ ...group, securityEnabled: true }, [], createdDateTime));
      }
      return added;
    },
    renameGroup(id, displayName) {
      const record = groups.live(id);
      record.group.displayName = displayName;
      groups.touch(record);
    },
    deleteGroup: (id, options = {}) => groups.remove(id, options.soft ? 'changed' : 'deleted'),
    setMemberOf(userId, groupIds) {
      const user = state.user(userId);
      if (!user) throw new Error(`local Graph: no user ${userId}`);
      user.memberOf = [...groupIds];
    },
    assignToApi(groupIds) {
      apiGroups = [...groupIds];
    },
    groups: () => groups.liveAfter(0, Number.POSITIVE_INFINITY).map((r) => ({ ...r.group })),
    addUsers(count, prefix = 'user') {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        bulkUsers += 1;
        const user: DemoUser = {
          id: randomUUID(),
          userPrincipalName: `${prefix}${bulkUsers}@${tenant.domain}`,
          mail: null,
          givenName: prefix,
          surname: String(bulkUsers),
          password: '',
          memberOf: [],
        };
        users.push(user);
        userChanges.add(user);
        ids.push(user.id);
      }
      return ids;
    },
    setAccountEnabled: (userId, enabled) => userChanges.setAccountEnabled(userId, enabled),
    deleteUser: (userId, options = {}) =>
      userChanges.remove(userId, options.permanent ? 'deleted' : 'changed'),
    state,
  };
}
