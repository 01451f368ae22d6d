import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../dev/demoSettings';
import { DEMO_GROUPS, DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { call, platformToken, withBearer, adminPlatformToken } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/**
 * Directory sync end to end: the local Graph (TLS) behind the real Graph SDK and
 * @azure/identity, the built app in the local Functions host, Azurite.
 */
let stack: Stack;
let admin: string;
const bob = demoUser('bob');
const carol = demoUser('carol');

beforeAll(async () => {
  stack = await startStack({
    catalog: { groups: [...DEMO_CATALOG.groups, 'Restricted EU', 'Twins'], roles: [...DEMO_CATALOG.roles] },
    // The production default: users a sync rewrites must not be served stale from the cache.
    settings: { BRIDGE_USER_CACHE_SECONDS: '10' },
  });
  // Carol is an administrator by the admin claim, so she needs no directory to sign in.
  admin = await adminPlatformToken(stack, carol);
});
afterAll(() => stack?.stop());

const syncNow = () => withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
const status = () => withBearer(`${stack.url}/api/admin/directory`, admin);
const listGroups = (query = '') => withBearer(`${stack.url}/api/admin/directory/groups${query}`, admin);
/** Bob's token as Entra sends it for a cloud-only tenant: group object IDs only. */
const bobOidToken = () => stack.authority.userToken({ user: bob });
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());

describe('directory sync through Microsoft Graph', () => {
  it('is admin-only', async () => {
    expect((await call(`${stack.url}/api/admin/directory`)).status).toBe(401);
    const daemon = await platformToken(
      stack.url,
      await stack.authority.appToken({ clientAppId: demoClient('daemon').appId }),
    );
    const refused = await withBearer(`${stack.url}/api/admin/directory/sync`, daemon, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: 'not_admin' });
  });

  it('maps linked object IDs before any sync: links need no directory', async () => {
    expect((await status()).body).toMatchObject({ synced: false, groups: 0, lastRun: null });
    const token = await platformToken(stack.url, await bobOidToken());
    expect(claimsOf(token).groups).toEqual(['Restricted', 'Analysts', 'platform-readers']);
  });

  it('runs a full sync; an OID-only token still maps through its links, not through names', async () => {
    const run = await syncNow();
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      outcome: 'succeeded',
      mode: 'full',
      trigger: 'manual',
      groupsSeen: 5,
      added: 5,
      deleted: 0,
      error: null,
    });
    expect(run.body.graphRequests).toBe(2); // one groups/delta page, one users/delta page
    expect(await stack.count('DirectoryGroups')).toBe(5);

    const token = await platformToken(stack.url, await bobOidToken());
    expect(claimsOf(token)).toMatchObject({
      groups: ['Restricted', 'Analysts', 'platform-readers'],
      roles: ['Analysts'],
    });
    expect((await status()).body).toMatchObject({
      synced: true,
      groups: 5,
      lastRun: { outcome: 'succeeded' },
    });
  });

  it('lists OID → name → linked platform group, role and admin', async () => {
    const listing = await listGroups();
    expect(listing.status).toBe(200);
    const byId = new Map((listing.body.groups as { id: string }[]).map((g) => [g.id, g]));
    expect(byId.get(DEMO_GROUPS.analysts.id)).toMatchObject({
      displayName: 'Analysts',
      ambiguous: false,
      platformGroups: [{ name: 'Analysts', via: 'link' }],
      platformRoles: [{ name: 'Analysts', via: 'link' }],
      admin: false,
    });
    expect(byId.get(DEMO_GROUPS.readers.id)).toMatchObject({
      platformGroups: [{ name: 'platform-readers', via: 'link' }],
    });
    expect(byId.get(DEMO_GROUPS.platformAdmins.id)).toMatchObject({ admin: true, platformGroups: [] });
    expect(byId.get(DEMO_GROUPS.marketing.id)).toMatchObject({ platformGroups: [], lookAlikes: [] });
    const mapped = await listGroups('?mapped=true&limit=2');
    expect(mapped.body).toMatchObject({ total: 4, limit: 2 });
    const found = await listGroups('?search=reader');
    expect((found.body.groups as { id: string }[]).map((g) => g.id)).toEqual([DEMO_GROUPS.readers.id]);
    expect((await listGroups('?limit=abc')).status).toBe(400);
  });

  it('follows a rename in what it shows only: the same token maps as before and no user is rewritten', async () => {
    const before = await platformToken(stack.url, await bobOidToken());
    const stored = await stack.table('Users').getEntity(DEMO_TENANT.tenantId, bob.id);
    stack.graph.directory.renameGroup(DEMO_GROUPS.restricted.id, 'Restricted EU');
    stack.graph.stats.reset();
    const run = await syncNow();
    expect(run.body).toMatchObject({
      outcome: 'succeeded',
      mode: 'incremental',
      groupsSeen: 1,
      renamed: 1,
      usersRecomputed: 0,
    });
    expect(stack.graph.stats.byRoute['GET /groups/delta']).toBe(1);
    expect((await stack.table('Users').getEntity(DEMO_TENANT.tenantId, bob.id)).etag).toBe(stored.etag);

    const me = await withBearer(`${stack.url}/api/me`, before);
    expect(me.body.groups).toEqual(['Restricted', 'Analysts', 'platform-readers']);
    const after = await platformToken(stack.url, await bobOidToken());
    // The platform group "Restricted EU" now shares the Entra group's name: still no grant.
    expect(claimsOf(after).groups).toEqual(['Restricted', 'Analysts', 'platform-readers']);
    const linked = await withBearer(`${stack.url}/api/admin/groups/Restricted`, admin);
    expect(linked.body).toMatchObject({
      entraGroupIds: [DEMO_GROUPS.restricted.id],
      entraGroups: [{ id: DEMO_GROUPS.restricted.id, displayName: 'Restricted EU', deleted: false }],
    });
  });

  it('marks a linked group deleted in Entra in the admin views', async () => {
    stack.graph.directory.deleteGroup(DEMO_GROUPS.analysts.id);
    const run = await syncNow();
    expect(run.body).toMatchObject({ outcome: 'succeeded', deleted: 1, usersRecomputed: 0 });
    const entry = await withBearer(`${stack.url}/api/admin/groups/Analysts`, admin);
    expect(entry.body).toMatchObject({
      entraGroups: [{ id: DEMO_GROUPS.analysts.id, displayName: 'Analysts', deleted: true }],
    });
    // Kept as a tombstone, not listed as live.
    expect(await stack.count('DirectoryGroups')).toBe(5);
    expect((await status()).body).toMatchObject({ groups: 4 });
  });

  it('grants nothing through names shared by several groups, and the admin view flags them', async () => {
    const one = stack.graph.directory.addGroup({ displayName: 'Twins' });
    const two = stack.graph.directory.addGroup({ displayName: 'Twins' });
    expect((await syncNow()).body).toMatchObject({ outcome: 'succeeded', added: 2 });
    const token = await stack.authority.userToken({
      user: bob,
      overrides: { groups: [one.id, DEMO_GROUPS.readers.id] },
    });
    expect(claimsOf(await platformToken(stack.url, token)).groups).toEqual(['platform-readers']);
    const listing = await listGroups('?name=twins');
    const twins = listing.body.groups as { id: string }[];
    expect(twins.map((g) => g.id).sort()).toEqual([one.id, two.id].sort());
    for (const twin of twins) {
      expect(twin).toMatchObject({ ambiguous: true, platformGroups: [], lookAlikes: ['Twins'] });
    }
  });

  it('pages a large round and an unchanged round costs one Graph request per delta and writes no group', async () => {
    stack.graph.directory.addGroups(2500, 'Bulk');
    stack.graph.stats.reset();
    const big = await syncNow();
    expect(big.body).toMatchObject({
      outcome: 'succeeded',
      mode: 'incremental',
      groupsSeen: 2500,
      added: 2500,
    });
    expect(stack.graph.stats.byRoute['GET /groups/delta']).toBe(3);
    expect((await status()).body).toMatchObject({ groups: 2506 });

    stack.graph.stats.reset();
    const etags = async () => {
      const all: string[] = [];
      for (const name of ['State', 'DirectoryGroups', 'Users'] as const) {
        for await (const e of stack.table(name).listEntities()) all.push(`${e.rowKey}:${e.etag}`);
      }
      return all.sort();
    };
    const before = await etags();
    const quiet = await syncNow();
    expect(quiet.body).toMatchObject({ outcome: 'succeeded', groupsSeen: 0, added: 0, usersRecomputed: 0 });
    expect(stack.graph.stats.requests).toBe(2); // groups/delta and users/delta, one page each
    expect(quiet.body.tableRequests).toBe(1); // the cursor read, no write
    expect(await etags()).toEqual(before);
  });

  it('resyncs from scratch when the delta token expired, rewriting nothing that did not change', async () => {
    stack.graph.expireDeltaTokens();
    const run = await syncNow();
    expect(run.body).toMatchObject({
      outcome: 'succeeded',
      mode: 'full',
      groupsSeen: 2506,
      added: 0,
      renamed: 0,
      deleted: 0,
      usersRecomputed: 0,
    });
  });

  it('runs on the timer (host admin API) and records a run that changed something', async () => {
    // A quiet run writes nothing (not even its record); give this one a change to record.
    stack.graph.directory.renameGroup(DEMO_GROUPS.marketing.id, 'Marketing (timer)');
    const fired = await fetch(`${stack.url}/admin/functions/directorySync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input":""}',
    });
    expect(fired.status).toBe(202);
    let last: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && last?.trigger !== 'timer'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = (await status()).body.lastRun as Record<string, unknown>;
    }
    expect(last).toMatchObject({ trigger: 'timer', outcome: 'succeeded' });
  });
});
