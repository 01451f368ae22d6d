import { describe, expect, it } from 'vitest';
import { applyGroupWrites, applyLeavers } from '../../../src/lib/directory/applySyncPlan';
import type { DirectoryGroup } from '../../../src/lib/directory/directoryView';
import type { SyncPlan } from '../../../src/lib/directory/planSync';
import type { SyncDeps } from '../../../src/lib/directory/syncDeps';
import { EMPTY_CURSOR } from '../../../src/lib/directory/syncState';
import { directoryGroup as group } from '../../support/unitFixtures';

/** A store and cache that note what they were asked. */
function deps(stored: DirectoryGroup[]) {
  const calls: string[] = [];
  const installed: { groups: DirectoryGroup[]; version: number; synced: boolean }[] = [];
  const d = {
    store: {
      write: async (groups: readonly DirectoryGroup[]) => {
        calls.push(`write ${groups.length}`);
        return 1;
      },
      all: async () => {
        calls.push('all');
        return stored;
      },
    },
    cache: {
      install: (groups: Iterable<DirectoryGroup>, version: number, synced: boolean) => {
        installed.push({ groups: [...groups], version, synced });
      },
    },
    now: () => 0,
  } as unknown as SyncDeps;
  return { deps: d, calls, installed };
}
const plan = (overrides: Partial<SyncPlan>): SyncPlan =>
  ({
    round: { mode: 'incremental', items: new Map(), deltaLink: 'l', pages: 1 },
    leavers: undefined,
    groups: { writes: [], added: 0, renamed: 0, updated: 0, deleted: 0 },
    storedById: new Map(),
    scanned: false,
    becameSynced: false,
    usersBehind: false,
    ...overrides,
  }) as SyncPlan;
const writes = (...groups: DirectoryGroup[]) => ({
  writes: groups,
  added: 0,
  renamed: 0,
  updated: 0,
  deleted: 0,
});
const cursor = { ...EMPTY_CURSOR, version: 4, fullSyncAt: '2026-01-01T00:00:00.000Z' };

describe('applyGroupWrites', () => {
  it('writes nothing and keeps the version when the plan does not touch the directory', async () => {
    const { deps: d, calls, installed } = deps([]);
    expect(await applyGroupWrites(d, plan({}), cursor)).toBe(4);
    expect(calls).toEqual([]);
    expect(installed).toEqual([]);
  });

  it('writes the groups, bumps the version and installs the scanned directory with the writes', async () => {
    const { deps: d, calls, installed } = deps([]);
    const storedById = new Map([
      ['a', group('a')],
      ['b', group('b')],
    ]);
    const renamed = group('a', 'A renamed');
    const p = plan({ groups: writes(renamed, group('c')), storedById, scanned: true });
    expect(await applyGroupWrites(d, p, cursor)).toBe(5);
    expect(calls).toEqual(['write 2']);
    expect(installed).toEqual([{ groups: [renamed, group('b'), group('c')], version: 5, synced: true }]);
    expect(storedById.get('a')).toEqual(group('a'));
  });

  it('reads the directory back after point reads, and only rewrites the cache when users are behind', async () => {
    const stored = [group('x')];
    const { deps: d, calls, installed } = deps(stored);
    const p = plan({ usersBehind: true });
    expect(await applyGroupWrites(d, p, { ...cursor, fullSyncAt: undefined })).toBe(4);
    expect(calls).toEqual(['write 0', 'all']);
    expect(installed).toEqual([{ groups: stored, version: 4, synced: false }]);
  });

  it('bumps the version when the directory becomes synced', async () => {
    const { deps: d, installed } = deps([]);
    const p = plan({
      becameSynced: true,
      scanned: true,
      round: { mode: 'full', items: new Map(), deltaLink: 'l', pages: 1 },
    });
    expect(await applyGroupWrites(d, p, { ...cursor, fullSyncAt: undefined })).toBe(5);
    expect(installed[0]).toMatchObject({ version: 5, synced: true });
  });
});

describe('applyLeavers', () => {
  it('does nothing without users to change', async () => {
    const { deps: d } = deps([]);
    const audit = { actor: 'directory-sync', correlationId: 'c' };
    expect(await applyLeavers(d, plan({}), audit)).toBeUndefined();
    const none = { round: {}, changes: [], before: new Map(), decide: () => undefined };
    expect(
      await applyLeavers(d, plan({ leavers: none as unknown as SyncPlan['leavers'] }), audit),
    ).toBeUndefined();
  });
});
