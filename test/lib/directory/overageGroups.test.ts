import { describe, expect, it } from 'vitest';
import { createOverageResolver, hasGroupOverage } from '../../../src/lib/directory/overageGroups';
import type { GraphApi } from '../../../src/lib/graph/graphApi';
import { toGraphFailure } from '../../../src/lib/graph/graphFailure';

const OID = '690222be-ff1a-4d56-abd1-7e4f7d38e474';
const API = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

function fakeGraph(answer: () => Promise<unknown>, pages: Record<string, unknown> = {}) {
  const posts: { url: string; body: unknown }[] = [];
  const gets: string[] = [];
  const graph: GraphApi = {
    async get<T>(url: string) {
      gets.push(url);
      const page = pages[url];
      if (!page) throw new Error(`unexpected GET ${url}`);
      return page as T;
    },
    async post<T>(url: string, body: unknown) {
      posts.push({ url, body });
      return (await answer()) as T;
    },
    permissions: async () => undefined,
    requests: 0,
  };
  return { graph, posts, gets };
}

describe('hasGroupOverage', () => {
  it('sees _claim_names.groups and hasgroups, only without a groups claim', () => {
    expect(hasGroupOverage({ _claim_names: { groups: 'src1' } })).toBe(true);
    expect(hasGroupOverage({ hasgroups: true })).toBe(true);
    expect(hasGroupOverage({ groups: [], _claim_names: { groups: 'src1' } })).toBe(false);
    expect(hasGroupOverage({})).toBe(false);
  });
});

const MODE = { membershipClaims: 'All', applicationId: API, graphBaseUrl: 'https://graph.test' } as const;

describe('createOverageResolver', () => {
  it('yields security groups only under SecurityGroup (what the claim holds)', async () => {
    const { graph, posts } = fakeGraph(async () => ({ value: ['G1'] }));
    const resolver = createOverageResolver({
      ...MODE,
      membershipClaims: 'SecurityGroup',
      graph,
      cacheSeconds: 0,
      now: () => 0,
    });
    expect(await resolver.groupsOf(OID)).toEqual(['g1']);
    expect(posts[0]?.body).toEqual({ securityEnabledOnly: true });
  });

  it('keeps only groups assigned to the API under ApplicationGroup, reading the assignments once per cache period', async () => {
    const first = `/servicePrincipals(appId='${API}')/appRoleAssignedTo?$select=principalId,principalType&$top=999`;
    const next = 'https://graph.test/v1.0/servicePrincipals/x/appRoleAssignedTo?$skiptoken=2';
    const { graph, posts, gets } = fakeGraph(async () => ({ value: ['g1', 'g2', 'g3'] }), {
      [first]: {
        value: [
          { principalId: 'G1', principalType: 'Group' },
          { principalId: 'g2', principalType: 'User' },
        ],
        '@odata.nextLink': next,
      },
      [next]: { value: [{ principalId: 'g3', principalType: 'Group' }] },
    });
    let now = 0;
    const resolver = createOverageResolver({
      ...MODE,
      membershipClaims: 'ApplicationGroup',
      graph,
      cacheSeconds: 60,
      now: () => now,
    });
    expect(await resolver.groupsOf(OID)).toEqual(['g1', 'g3']);
    expect(posts[0]?.body).toEqual({ securityEnabledOnly: false });
    now = 61_000;
    await resolver.groupsOf(OID);
    expect(gets).toEqual([first, next, first, next]);
  });

  it('calls getMemberObjects with securityEnabledOnly false under All and caches per user', async () => {
    let now = 0;
    const { graph, posts } = fakeGraph(async () => ({ value: ['g1', 'g2'] }));
    const resolver = createOverageResolver({ ...MODE, graph, cacheSeconds: 60, now: () => now });
    expect(await resolver.groupsOf(OID.toUpperCase())).toEqual(['g1', 'g2']);
    expect(await resolver.groupsOf(OID)).toEqual(['g1', 'g2']);
    expect(posts).toEqual([{ url: `/users/${OID}/getMemberObjects`, body: { securityEnabledOnly: false } }]);
    now = 61_000;
    await resolver.groupsOf(OID);
    expect(posts).toHaveLength(2);
  });

  it('shares one request between concurrent look-ups and never puts a non-GUID in a URL', async () => {
    const { graph, posts } = fakeGraph(async () => ({ value: [] }));
    const resolver = createOverageResolver({ ...MODE, graph, cacheSeconds: 0, now: () => 0 });
    await Promise.all([resolver.groupsOf(OID), resolver.groupsOf(OID)]);
    expect(posts).toHaveLength(1);
    expect(await resolver.groupsOf('../me')).toEqual([]);
    expect(posts).toHaveLength(1);
  });

  it('maps an unknown user to no groups but propagates outages (503), uncached', async () => {
    let failure = toGraphFailure({ statusCode: 404, code: 'Request_ResourceNotFound' });
    const { graph, posts } = fakeGraph(async () => {
      throw failure;
    });
    const resolver = createOverageResolver({ ...MODE, graph, cacheSeconds: 60, now: () => 0 });
    expect(await resolver.groupsOf(OID)).toEqual([]);
    failure = toGraphFailure({ statusCode: 503, code: 'serviceNotAvailable' });
    const other = '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a';
    await expect(resolver.groupsOf(other)).rejects.toMatchObject({ code: 'directory_unavailable' });
    await expect(resolver.groupsOf(other)).rejects.toMatchObject({ code: 'directory_unavailable' });
    expect(posts).toHaveLength(3);
  });
});
