import { describe, expect, it } from 'vitest';
import type { DirectoryGroup } from '../../../src/lib/directory/directoryView';
import { FULL_ROUND_URL } from '../../../src/lib/directory/fetchGroupDelta';
import { planSync, planWrites, readGroupRound } from '../../../src/lib/directory/planSync';
import type { SyncDeps } from '../../../src/lib/directory/syncDeps';
import { EMPTY_CURSOR } from '../../../src/lib/directory/syncState';
import { directoryGroup as stored } from '../../support/unitFixtures';

const BASE = 'https://graph.example.test';
const DELTA = `${BASE}/v1.0/groups/delta?$deltatoken=1`;

/** Graph answering one page per URL, without users/delta permission; a store that notes its reads. */
function deps(pages: Record<string, unknown>, groups: DirectoryGroup[], baseUrl = BASE) {
  const reads: string[] = [];
  const d = {
    config: { tenantId: 't', graph: { baseUrl }, claims: { userId: 'oid' } },
    graph: {
      get: async (url: string) => {
        if (!(url in pages)) throw new Error(`unexpected ${url}`);
        return pages[url];
      },
      post: async () => {
        throw new Error('no posts');
      },
      permissions: async () => ['Group.Read.All'],
      requests: 0,
    },
    store: {
      all: async () => {
        reads.push('all');
        return groups;
      },
      some: async (ids: readonly string[]) => {
        reads.push(`some ${ids.join(',')}`);
        return groups.filter((g) => ids.includes(g.id));
      },
    },
    now: () => Date.parse('2026-06-01T00:00:00.000Z'),
  } as unknown as SyncDeps;
  return { deps: d, reads };
}

describe('readGroupRound', () => {
  it('refuses to run without GRAPH_BASE_URL', async () => {
    const { deps: d } = deps({}, [], '');
    await expect(readGroupRound(d, EMPTY_CURSOR, 0)).rejects.toMatchObject({ code: 'graph_not_configured' });
  });
});

describe('planSync', () => {
  it('plans a full round against the whole stored directory, following groups only without User.Read.All', async () => {
    const page = {
      value: [
        { id: 'a', displayName: 'A' },
        { id: 'b', displayName: 'B renamed' },
      ],
      '@odata.deltaLink': DELTA,
    };
    const { deps: d, reads } = deps({ [FULL_ROUND_URL]: page }, [stored('b', 'B'), stored('gone', 'Gone')]);
    const round = await readGroupRound(d, EMPTY_CURSOR, d.now());
    const plan = await planSync(d, EMPTY_CURSOR, round, d.now());
    expect(reads).toEqual(['all']);
    expect(plan).toMatchObject({ scanned: true, becameSynced: true, usersBehind: false, leavers: undefined });
    expect(plan.counts).toMatchObject({
      groupsSeen: 2,
      added: 1,
      renamed: 1,
      deleted: 1,
      usersFollowed: false,
    });
    expect(planWrites(plan)).toBe(true);
  });

  it('point-reads the groups of a small incremental round, and plans nothing for an unchanged one', async () => {
    const cursor = { ...EMPTY_CURSOR, deltaLink: DELTA, fullSyncAt: '2026-01-01T00:00:00.000Z' };
    const page = { value: [{ id: 'b', displayName: 'B' }], '@odata.deltaLink': DELTA };
    const { deps: d, reads } = deps({ [DELTA]: page }, [stored('b', 'B')]);
    const plan = await planSync(d, cursor, await readGroupRound(d, cursor, d.now()), d.now());
    expect(reads).toEqual(['some b']);
    expect(plan).toMatchObject({ scanned: false, becameSynced: false });
    expect(plan.groups.writes).toEqual([]);
    expect(planWrites(plan)).toBe(false);
    expect(planWrites({ ...plan, usersBehind: true })).toBe(true);
  });
});
