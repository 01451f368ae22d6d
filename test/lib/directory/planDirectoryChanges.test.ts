import { describe, expect, it } from 'vitest';
import type { DirectoryGroup } from '../../../src/lib/directory/directoryView';
import type { DeltaItem } from '../../../src/lib/directory/fetchGroupDelta';
import { planDirectoryChanges } from '../../../src/lib/directory/planDirectoryChanges';

const NOW = '2030-01-01T00:00:00.000Z';
const g = (id: string, displayName: string, extra: Partial<DirectoryGroup> = {}): DirectoryGroup => ({
  id,
  displayName,
  onPremisesSamAccountName: null,
  securityEnabled: true,
  deleted: false,
  lastSeenAt: '2029-01-01T00:00:00.000Z',
  ...extra,
});
const stored = (...groups: DirectoryGroup[]) => new Map(groups.map((group) => [group.id, group]));
const round = (mode: 'full' | 'incremental', ...items: DeltaItem[]) => ({
  mode,
  items: new Map(items.map((item) => [item.id, item])),
});

describe('planDirectoryChanges', () => {
  it('adds new groups and leaves unchanged ones alone', () => {
    const plan = planDirectoryChanges(
      round(
        'full',
        { id: 'a', removed: false, displayName: 'A' },
        { id: 'b', removed: false, displayName: 'B' },
      ),
      stored(g('a', 'A')),
      NOW,
    );
    expect(plan).toMatchObject({ added: 1, renamed: 0, updated: 0, deleted: 0 });
    expect(plan.writes).toEqual([g('b', 'B', { lastSeenAt: NOW })]);
  });

  it('counts renames and other property changes, keeping properties a page left out', () => {
    const plan = planDirectoryChanges(
      round(
        'incremental',
        { id: 'a', removed: false, displayName: 'A2' },
        { id: 'b', removed: false, securityEnabled: false },
      ),
      stored(g('a', 'A', { onPremisesSamAccountName: 'a-sam' }), g('b', 'B')),
      NOW,
    );
    expect(plan).toMatchObject({ renamed: 1, updated: 1 });
    expect(plan.writes).toEqual([
      g('a', 'A2', { onPremisesSamAccountName: 'a-sam', lastSeenAt: NOW }),
      g('b', 'B', { securityEnabled: false, lastSeenAt: NOW }),
    ]);
  });

  it('marks removed groups deleted (both reasons) and ignores removals of unknown or already deleted groups', () => {
    const plan = planDirectoryChanges(
      round(
        'incremental',
        { id: 'a', removed: true, reason: 'deleted' },
        { id: 'b', removed: true, reason: 'changed' },
        { id: 'c', removed: true, reason: 'deleted' },
        { id: 'd', removed: true, reason: 'deleted' },
      ),
      stored(g('a', 'A'), g('b', 'B'), g('d', 'D', { deleted: true })),
      NOW,
    );
    expect(plan.deleted).toBe(2);
    expect(plan.writes.map((w) => [w.id, w.deleted])).toEqual([
      ['a', true],
      ['b', true],
    ]);
  });

  it('brings a restored group back as added', () => {
    const plan = planDirectoryChanges(
      round('incremental', { id: 'a', removed: false, displayName: 'A' }),
      stored(g('a', 'A', { deleted: true })),
      NOW,
    );
    expect(plan).toMatchObject({ added: 1, writes: [g('a', 'A', { lastSeenAt: NOW })] });
  });

  it('on a full round, deletes stored live groups Graph no longer lists; an incremental round never does', () => {
    const before = stored(g('a', 'A'), g('gone', 'Gone'));
    const listed = [{ id: 'a', removed: false, displayName: 'A' } as const];
    expect(planDirectoryChanges(round('full', ...listed), before, NOW)).toMatchObject({
      deleted: 1,
      writes: [g('gone', 'Gone', { deleted: true, lastSeenAt: NOW })],
    });
    expect(planDirectoryChanges(round('incremental', ...listed), before, NOW).writes).toEqual([]);
  });
});
