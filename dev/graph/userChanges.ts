import type { DemoUser } from '../demoTenant';
import { type ChangeLog, createChangeLog, type Tracked } from './changeLog';

/** A user plus what change tracking needs (users/delta). */
export interface UserRecord extends Tracked {
  user: DemoUser;
  accountEnabled: boolean;
}

/** The users of the local Graph with a change log of their own, as users/delta needs it. */
export interface UserChanges extends Omit<ChangeLog<UserRecord>, 'insert'> {
  add(user: DemoUser): UserRecord;
  setAccountEnabled(id: string, enabled: boolean): void;
}

export function createUserChanges(initial: readonly DemoUser[]): UserChanges {
  const log = createChangeLog<UserRecord>('user');
  const changes: UserChanges = {
    ...log,
    add: (user) => log.insert(user.id, { user, accountEnabled: true }),
    setAccountEnabled(id, enabled) {
      const record = log.live(id);
      record.accountEnabled = enabled;
      log.touch(record);
    },
  };
  for (const user of initial) changes.add(user);
  return changes;
}
