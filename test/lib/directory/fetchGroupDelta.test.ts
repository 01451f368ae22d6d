import { describe, expect, it } from 'vitest';
import { fetchGroupDelta, FULL_ROUND_URL } from '../../../src/lib/directory/fetchGroupDelta';
import type { GraphApi } from '../../../src/lib/graph/graphApi';
import { GraphFailure, toGraphFailure } from '../../../src/lib/graph/graphFailure';

const BASE = 'https://graph.example.test';

/** A GraphApi answering from a script of pages keyed by URL. */
function fakeGraph(pages: Record<string, unknown | Error>) {
  const calls: { url: string; headers?: Readonly<Record<string, string>> }[] = [];
  const graph: GraphApi = {
    async get<T>(url: string, options?: { headers?: Readonly<Record<string, string>> }) {
      calls.push({ url, headers: options?.headers });
      const page = pages[url];
      if (page === undefined) throw new Error(`unexpected ${url}`);
      if (page instanceof Error) throw page;
      return page as T;
    },
    post: async () => {
      throw new Error('no posts');
    },
    permissions: async () => undefined,
    requests: 0,
  };
  return { graph, calls };
}
const options = (deltaLink?: string) => ({ deltaLink, graphBaseUrl: BASE, deadline: Date.now() + 60_000 });

describe('fetchGroupDelta', () => {
  it('pages a full round with $select and Prefer odata.maxpagesize=999 up to the deltaLink', async () => {
    const { graph, calls } = fakeGraph({
      [FULL_ROUND_URL]: {
        value: [{ id: 'A1', displayName: 'A', onPremisesSamAccountName: null, securityEnabled: true }],
        '@odata.nextLink': `${BASE}/v1.0/groups/delta?$skiptoken=1`,
      },
      [`${BASE}/v1.0/groups/delta?$skiptoken=1`]: {
        value: [
          { id: 'b2', displayName: 'B' },
          { id: 'A1', displayName: 'A again' },
        ],
        '@odata.deltaLink': `${BASE}/v1.0/groups/delta?$deltatoken=2`,
      },
    });
    const round = await fetchGroupDelta(graph, options());
    expect(round).toMatchObject({
      mode: 'full',
      pages: 2,
      deltaLink: `${BASE}/v1.0/groups/delta?$deltatoken=2`,
    });
    expect(FULL_ROUND_URL).toContain('$select=id,displayName,onPremisesSamAccountName,securityEnabled');
    expect(calls[0]?.headers).toEqual({ Prefer: 'odata.maxpagesize=999' });
    expect([...round.items.values()]).toEqual([
      { id: 'a1', removed: false, displayName: 'A again' },
      { id: 'b2', removed: false, displayName: 'B' },
    ]);
  });

  it('reads @removed entries and restarts a full round once when the delta token expired', async () => {
    const expired = toGraphFailure({ statusCode: 400, code: 'syncStateNotFound' });
    const { graph } = fakeGraph({
      'https://graph.example.test/v1.0/groups/delta?$deltatoken=old': expired,
      [FULL_ROUND_URL]: {
        value: [{ id: 'x', '@removed': { reason: 'changed' } }],
        '@odata.deltaLink': `${BASE}/v1.0/groups/delta?$deltatoken=new`,
      },
    });
    const round = await fetchGroupDelta(graph, options(`${BASE}/v1.0/groups/delta?$deltatoken=old`));
    expect(round.mode).toBe('full');
    expect(round.items.get('x')).toEqual({ id: 'x', removed: true, reason: 'changed' });
  });

  it('fails the whole round on a failure half-way (nothing partial comes back)', async () => {
    const { graph } = fakeGraph({
      [FULL_ROUND_URL]: { value: [{ id: 'a' }], '@odata.nextLink': `${BASE}/v1.0/groups/delta?$skiptoken=1` },
      [`${BASE}/v1.0/groups/delta?$skiptoken=1`]: toGraphFailure({
        statusCode: 503,
        code: 'serviceNotAvailable',
      }),
    });
    await expect(fetchGroupDelta(graph, options())).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('refuses to follow a paging link to another host', async () => {
    const { graph } = fakeGraph({
      [FULL_ROUND_URL]: {
        value: [],
        '@odata.nextLink': 'https://evil.example.com/v1.0/groups/delta?$skiptoken=1',
      },
    });
    await expect(fetchGroupDelta(graph, options())).rejects.toBeInstanceOf(GraphFailure);
  });
});
