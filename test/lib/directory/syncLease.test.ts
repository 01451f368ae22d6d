import { describe, expect, it } from 'vitest';
import type { SyncDeps } from '../../../src/lib/directory/syncDeps';
import { LEASE_MS, leaseHeld, releaseSyncLease, takeSyncLease } from '../../../src/lib/directory/syncLease';
import { EMPTY_CURSOR, type SyncCursor, type SyncRecord } from '../../../src/lib/directory/syncState';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const record: SyncRecord = { lastRun: undefined, lastSuccessAt: undefined, nextRunAt: undefined };

/** A state store that notes each write and answers from `answers` (or throws `failing` writes). */
function deps(
  answers: { commit?: 'written' | 'conflict'; saveCursor?: string | 'conflict' } = {},
  failing: string[] = [],
) {
  const writes: [string, SyncCursor | SyncRecord][] = [];
  const write = <T>(name: string, value: SyncCursor | SyncRecord, answer: T) => {
    writes.push([name, value]);
    if (failing.includes(name)) throw new Error(`${name} failed`);
    return answer;
  };
  const state = {
    saveCursor: async (_t: string, cursor: SyncCursor) =>
      write('saveCursor', cursor, answers.saveCursor ?? 'etag-2'),
    commit: async (_t: string, cursor: SyncCursor) => write('commit', cursor, answers.commit ?? 'written'),
    saveRecord: async (_t: string, r: SyncRecord) => write('saveRecord', r, undefined),
  };
  return { deps: { config: { tenantId: 't' }, state, now: () => NOW } as unknown as SyncDeps, writes };
}

describe('leaseHeld', () => {
  it('holds until the lease time only', () => {
    expect(leaseHeld(EMPTY_CURSOR, NOW)).toBe(false);
    expect(leaseHeld({ ...EMPTY_CURSOR, leaseUntil: new Date(NOW + 1).toISOString() }, NOW)).toBe(true);
    expect(leaseHeld({ ...EMPTY_CURSOR, leaseUntil: new Date(NOW).toISOString() }, NOW)).toBe(false);
  });
});

describe('takeSyncLease', () => {
  it('moves the cursor it read, with the lease time, and answers its new ETag or the conflict', async () => {
    const taken = deps();
    const cursor = { ...EMPTY_CURSOR, etag: 'etag-1', version: 3 };
    expect(await takeSyncLease(taken.deps, cursor)).toBe('etag-2');
    expect(taken.writes).toEqual([
      ['saveCursor', { ...cursor, leaseUntil: new Date(NOW + LEASE_MS).toISOString() }],
    ]);
    expect(await takeSyncLease(deps({ saveCursor: 'conflict' }).deps, cursor)).toBe('conflict');
  });
});

describe('releaseSyncLease', () => {
  const cursor = { ...EMPTY_CURSOR, etag: 'etag-1', version: 3, deltaLink: 'old' };
  const released = { ...cursor, leaseUntil: undefined, version: 4, etag: 'lease' };

  it('drops the lease with the record in one commit, keeping the delta link', async () => {
    const { deps: d, writes } = deps();
    await releaseSyncLease(d, cursor, 'lease', 4, record);
    expect(writes).toEqual([['commit', released]]);
  });

  it('falls back to the cursor, then the record alone, when the commit fails', async () => {
    const { deps: d, writes } = deps({}, ['commit']);
    await releaseSyncLease(d, cursor, 'lease', 4, record);
    expect(writes.map(([name]) => name)).toEqual(['commit', 'saveCursor', 'saveRecord']);
  });

  it('writes only the record when no lease was taken, and never throws', async () => {
    const { deps: d, writes } = deps({}, ['saveRecord']);
    await expect(releaseSyncLease(d, cursor, undefined, 3, record)).resolves.toBeUndefined();
    expect(writes).toEqual([['saveRecord', record]]);
  });
});
