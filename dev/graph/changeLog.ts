/**
 * `@removed.reason` of a deleted object in a delta answer: `deleted` when it is gone for good,
 * `changed` when it sits in deleted items and can be restored
 * (https://learn.microsoft.com/graph/delta-query-overview).
 */
export type RemovedReason = 'changed' | 'deleted';

/** What change tracking adds to a group or user of the local Graph. */
export interface Tracked {
  /** Creation order; the cursor of list pages and of a first delta round. */
  seq: number;
  /** Version of the log at the object's last change; the cursor of later delta rounds. */
  version: number;
  removed: RemovedReason | null;
}

/** Objects of one entity set with the change log a delta query reads. */
export interface ChangeLog<R extends Tracked> {
  version(): number;
  record(id: string): R | undefined;
  /** The live record `id`; throws when there is none. */
  live(id: string): R;
  /** Live records created after `seq`, at most `limit`. */
  liveAfter(seq: number, limit: number): R[];
  /** Records whose latest change has a version in (`after`, `upTo`], by version, at most `limit`. */
  changes(after: number, upTo: number, limit: number): R[];
  /** Adds a live record under `id`; throws when a live one has that id. */
  insert(id: string, fields: Omit<R, keyof Tracked>): R;
  /** Records a change to `record`, which the caller has just made. */
  touch(record: R): void;
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

/** An empty change log; `kind` names the objects in errors ("local Graph: no group …"). */
export function createChangeLog<R extends Tracked>(kind: string): ChangeLog<R> {
  const records = new Map<string, R>();
  const live: R[] = [];
  const log: { version: number; record: R }[] = [];
  let version = 0;
  let seq = 0;
  const changeLog: ChangeLog<R> = {
    version: () => version,
    record: (id) => records.get(id.toLowerCase()),
    live(id) {
      const record = records.get(id.toLowerCase());
      if (!record || record.removed) throw new Error(`local Graph: no ${kind} ${id}`);
      return record;
    },
    liveAfter(after, limit) {
      const start = firstAbove(live, after, (r) => r.seq);
      return live.slice(start, start + limit);
    },
    changes(after, upTo, limit) {
      const out: R[] = [];
      for (let i = firstAbove(log, after, (e) => e.version); i < log.length && out.length < limit; i++) {
        const entry = log[i];
        if (!entry || entry.version > upTo) break;
        if (entry.record.version === entry.version) out.push(entry.record);
      }
      return out;
    },
    insert(id, fields) {
      if (records.get(id.toLowerCase())?.removed === null)
        throw new Error(`local Graph: ${kind} ${id} exists`);
      seq += 1;
      const record = { ...fields, seq, version: 0, removed: null } as R;
      records.set(id.toLowerCase(), record);
      live.push(record);
      changeLog.touch(record);
      return record;
    },
    touch(record) {
      version += 1;
      record.version = version;
      log.push({ version, record });
    },
    remove(id, reason) {
      const record = changeLog.live(id);
      record.removed = reason;
      live.splice(live.indexOf(record), 1);
      changeLog.touch(record);
    },
  };
  return changeLog;
}
