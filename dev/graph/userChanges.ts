import type { DemoUser } from '../demoTenant';
import type { RemovedReason } from './directory';

/** A user plus what change tracking needs (users/delta). */
export interface UserRecord {
  user: DemoUser;
  accountEnabled: boolean;
  /** Creation order; the cursor of the first delta round. */
  seq: number;
  /** Version of the user log at the last change; the cursor of later rounds. */
  version: number;
  removed: RemovedReason | null;
}

/** The users of the local Graph with a change log of their own, as users/delta needs it. */
export interface UserChanges {
  version(): number;
  record(id: string): UserRecord | undefined;
  /** Live users created after `seq`, at most `limit`. */
  liveAfter(seq: number, limit: number): UserRecord[];
  /** Records whose latest change has a version in (`after`, `upTo`], by version, at most `limit`. */
  changes(after: number, upTo: number, limit: number): UserRecord[];
  add(user: DemoUser): UserRecord;
  setAccountEnabled(id: string, enabled: boolean): void;
  remove(id: string, reason: RemovedReason): void;
}

/** Index of the first element whose key is above `after` in an array sorted by that key. */
function firstAbove<T>(items: readonly T[], after: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item !== undefined && key(item) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createUserChanges(initial: readonly DemoUser[]): UserChanges {
  const records = new Map<string, UserRecord>();
  const live: UserRecord[] = [];
  const log: { version: number; record: UserRecord }[] = [];
  let version = 0;
  let seq = 0;
  const touch = (record: UserRecord) => {
    version += 1;
    record.version = version;
    log.push({ version, record });
  };
  const liveRecord = (id: string) => {
    const record = records.get(id.toLowerCase());
    if (!record || record.removed) throw new Error(`local Graph: no user ${id}`);
    return record;
  };
  const changes: UserChanges = {
    version: () => version,
    record: (id) => records.get(id.toLowerCase()),
    liveAfter: (after, limit) => {
      const start = firstAbove(live, after, (r) => r.seq);
      return live.slice(start, start + limit);
    },
    changes(after, upTo, limit) {
      const out: UserRecord[] = [];
      for (let i = firstAbove(log, after, (e) => e.version); i < log.length && out.length < limit; i++) {
        const entry = log[i];
        if (!entry || entry.version > upTo) break;
        if (entry.record.version === entry.version) out.push(entry.record);
      }
      return out;
    },
    add(user) {
      if (records.get(user.id.toLowerCase())?.removed === null)
        throw new Error(`local Graph: user ${user.id} exists`);
      seq += 1;
      const record: UserRecord = { user, accountEnabled: true, seq, version: 0, removed: null };
      records.set(user.id.toLowerCase(), record);
      live.push(record);
      touch(record);
      return record;
    },
    setAccountEnabled(id, enabled) {
      const record = liveRecord(id);
      record.accountEnabled = enabled;
      touch(record);
    },
    remove(id, reason) {
      const record = liveRecord(id);
      record.removed = reason;
      live.splice(live.indexOf(record), 1);
      touch(record);
    },
  };
  for (const user of initial) changes.add(user);
  return changes;
}
