import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, DEMO_TENANT, demoUser } from '../../dev/demoTenant';
import { call, type JsonResponse, platformToken, withBearer } from '../support/client';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let admin: string;
const bob = demoUser('bob');
const alice = demoUser('alice');

beforeAll(async () => {
  stack = await startStack();
  admin = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: alice, overrides: { isPlatformAdmin: 'is_admin', groups: [] } }),
  );
  // Two more users signed in, for the tests to assign, list, disable and delete.
  for (const user of [bob, demoUser('carol')]) {
    await platformToken(
      stack.url,
      await stack.authority.userToken({ user, overrides: { groups: ['Analysts'] } }),
    );
  }
});
afterAll(() => stack?.stop());

/** `withBearer` with a typed body. */
const typed = async <T>(url: string, token: string, init?: RequestInit) =>
  (await withBearer(url, token, init)) as JsonResponse<T>;
const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
/** Catch-all name path: `/` literal, each segment percent-encoded. */
const namePath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

describe('platform groups', () => {
  it('renames a group, moving manual assignments, and refuses a taken name', async () => {
    await withBearer(`${stack.url}/api/admin/groups/Old%20Name`, admin, json('PUT', { description: 'd' }));
    const put = await withBearer(`${stack.url}/api/admin/users/${bob.id}/groups/Old%20Name`, admin, {
      method: 'PUT',
    });
    expect(put.body).toMatchObject({ manualGroups: ['Old Name'], claimGroups: ['Analysts'] });
    const taken = await withBearer(
      `${stack.url}/api/admin/groups/Old%20Name`,
      admin,
      json('PATCH', { name: 'Analysts' }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'name_taken' });
    const renamed = await withBearer(
      `${stack.url}/api/admin/groups/Old%20Name`,
      admin,
      json('PATCH', { name: 'New Name' }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      entry: { name: 'New Name', description: 'd' },
      movedManualAssignments: 1,
    });
    const user = await withBearer(`${stack.url}/api/admin/users/${bob.id}`, admin);
    expect(user.body).toMatchObject({ manualGroups: ['New Name'], groups: ['Analysts', 'New Name'] });
    expect((await withBearer(`${stack.url}/api/admin/groups/Old%20Name`, admin)).status).toBe(404);
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/groups/New%20Name`, admin, { method: 'DELETE' });
  });

  it('links Entra groups by object ID, reads them back with directory names, and refuses anything else', async () => {
    const url = `${stack.url}/api/admin/groups/Linked`;
    const created = await withBearer(
      url,
      admin,
      json('PUT', { entraGroupIds: [DEMO_GROUPS.analysts.id.toUpperCase()] }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Linked',
      entraGroupIds: [DEMO_GROUPS.analysts.id],
      // The directory was never synchronised in this file: names are unknown, not guessed.
      entraGroups: [{ id: DEMO_GROUPS.analysts.id, displayName: null, deleted: false }],
    });
    for (const bad of [['Analysts'], [`${DEMO_GROUPS.analysts.id} `], [42], 'not-a-list']) {
      const refused = await withBearer(url, admin, json('PATCH', { entraGroupIds: bad }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ reason: 'invalid_entra_group_id' });
    }
    const unknownField = await withBearer(url, admin, json('PUT', { entraGroups: ['x'] }));
    expect(unknownField.body).toMatchObject({ reason: 'malformed_body' });
    // PUT keeps what it does not name; PATCH replaces the whole set.
    await withBearer(url, admin, json('PUT', { description: 'kept links' }));
    expect((await withBearer(url, admin)).body).toMatchObject({ entraGroupIds: [DEMO_GROUPS.analysts.id] });
    expect((await withBearer(url, admin, json('PATCH', { entraGroupIds: [] }))).body).toMatchObject({
      entraGroupIds: [],
    });
    expect((await withBearer(url, admin, { method: 'DELETE' })).status).toBe(204);
  });

  it('force-deletes a group in use: gone from manual assignments, stored users and the next token', async () => {
    await withBearer(`${stack.url}/api/admin/groups/Doomed`, admin, json('PUT', {}));
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/groups/Doomed`, admin, { method: 'PUT' });
    const inUse = await withBearer(`${stack.url}/api/admin/groups/Doomed`, admin, { method: 'DELETE' });
    expect(inUse.body).toMatchObject({ reason: 'in_use' });
    const forced = await withBearer(`${stack.url}/api/admin/groups/Doomed?force=true`, admin, {
      method: 'DELETE',
    });
    expect(forced.status).toBe(204);
    const user = await withBearer(`${stack.url}/api/admin/users/${bob.id}`, admin);
    expect(user.body.manualGroups).toEqual([]);
    expect(user.body.groups).not.toContain('Doomed');
    const token = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    );
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.groups).toEqual(['Analysts']);
  });

  const names = [
    'a/b',
    'hash#tag',
    'what?',
    'back\\slash',
    `quote"d and 'single'`,
    'Ünïcødé グループ',
    '100% sure',
  ];
  it.each(names)('round-trips the name %j', async (name) => {
    const url = `${stack.url}/api/admin/groups/${namePath(name)}`;
    const created = await withBearer(url, admin, json('PUT', { description: 'x' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name });
    expect((await withBearer(url, admin)).body).toMatchObject({ name });
    const list = await typed<{ groups: { name: string }[] }>(`${stack.url}/api/admin/groups`, admin);
    expect(list.body.groups.map((g) => g.name)).toContain(name);
    const assigned = await withBearer(
      `${stack.url}/api/admin/users/${bob.id}/groups/${namePath(name)}`,
      admin,
      { method: 'PUT' },
    );
    expect(assigned.body).toMatchObject({ manualGroups: [name] });
    const filtered = await typed<{ users: { id: string }[] }>(
      `${stack.url}/api/admin/users?${new URLSearchParams({ group: name })}`,
      admin,
    );
    expect(filtered.body.users.map((u) => u.id)).toEqual([bob.id]);
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/groups/${namePath(name)}`, admin, {
      method: 'DELETE',
    });
    expect((await withBearer(url, admin, { method: 'DELETE' })).status).toBe(204);
  });

  it.each(['/lead', 'trail/', 'a//b', 'a/../b', 'tab\there'])(
    'refuses the unaddressable name %j clearly',
    async (name) => {
      const response = await withBearer(
        `${stack.url}/api/admin/groups/Probe`,
        admin,
        json('PATCH', { name }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ reason: 'invalid_name' });
    },
  );
});

describe('Table-key characters in names round-trip through the catch-all route', () => {
  const asAdmin = () => ({ authorization: `Bearer ${admin}` });
  it.each([
    ['slash, raw', 'R&D/EU', 'R%26D/EU'],
    ['slash, percent-encoded', 'Sales/EMEA', 'Sales%2FEMEA'],
    ['hash, percent-encoded', 'C#', 'C%23'],
    ['question mark, percent-encoded', 'Who?', 'Who%3F'],
    ['backslash', 'DOMAIN\\Admins', 'DOMAIN%5CAdmins'],
    ['percent, percent-encoded', '100%', '100%25'],
    ["quote (OData's string delimiter)", "O'Brien", "O'Brien"],
  ])('%s: %s', async (_label, name, path) => {
    const before = await stack.count('Catalog');
    const created = await call(`${stack.url}/api/admin/groups/${path}`, {
      method: 'PUT',
      headers: asAdmin(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name });
    const got = await call(`${stack.url}/api/admin/groups/${path}`, { headers: asAdmin() });
    expect(got.body).toMatchObject({ name });
    const list = await call(`${stack.url}/api/admin/groups`, { headers: asAdmin() });
    expect((list.body as { groups: { name: string }[] }).groups.map((g) => g.name)).toContain(name);
    const deleted = await call(`${stack.url}/api/admin/groups/${path}`, {
      method: 'DELETE',
      headers: asAdmin(),
    });
    expect(deleted.status).toBe(204);
    expect(await stack.count('Catalog')).toBe(before);
  });
});

describe('users', () => {
  it('lists with filters and pages by continuation token', async () => {
    for (const user of ['carol', 'bob'] as const) {
      await platformToken(
        stack.url,
        await stack.authority.userToken({
          user: demoUser(user),
          overrides: { groups: ['Analysts', 'Restricted'] },
        }),
      );
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ top: '1', ...(token ? { continuationToken: token } : {}) });
      const page = await typed<{ users: { id: string }[]; continuationToken?: string }>(
        `${stack.url}/api/admin/users?${query}`,
        admin,
      );
      expect(page.status).toBe(200);
      expect(page.body.users.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.users.map((u) => u.id));
      token = page.body.continuationToken;
    } while (token);
    expect(seen.sort()).toEqual([alice.id, bob.id, demoUser('carol').id].sort());
    const admins = await typed<{ users: { id: string }[] }>(`${stack.url}/api/admin/users?admin=true`, admin);
    expect(admins.body.users.map((u) => u.id)).toEqual([alice.id]);
    const restricted = await typed<{ users: { id: string }[] }>(
      `${stack.url}/api/admin/users?group=Restricted&top=1`,
      admin,
    );
    expect(restricted.body.users).toHaveLength(1);
    const role = await typed<{ users: { id: string }[] }>(
      `${stack.url}/api/admin/users?role=Analysts&admin=false`,
      admin,
    );
    expect(role.body.users.map((u) => u.id).sort()).toEqual([bob.id, demoUser('carol').id].sort());
    for (const bad of ['top=0', 'admin=yes', 'continuationToken=%25%25', 'group=']) {
      const response = await withBearer(`${stack.url}/api/admin/users?${bad}`, admin);
      expect(response.status).toBe(400);
    }
  });

  it('disables (tokens stop working at once) and enables a user, and filters on it', async () => {
    const carolToken = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: demoUser('carol'), overrides: { groups: ['Analysts'] } }),
    );
    const carol = demoUser('carol').id;
    expect(
      (await withBearer(`${stack.url}/api/admin/users/${carol}/disable`, admin, { method: 'POST' })).body,
    ).toMatchObject({ disabled: true });
    expect((await withBearer(`${stack.url}/api/me`, carolToken)).status).toBe(401);
    const disabled = await typed<{ users: { id: string }[] }>(
      `${stack.url}/api/admin/users?disabled=true`,
      admin,
    );
    expect(disabled.body.users.map((u) => u.id)).toEqual([carol]);
    await withBearer(`${stack.url}/api/admin/users/${carol}/enable`, admin, { method: 'POST' });
    expect((await withBearer(`${stack.url}/api/me`, carolToken)).status).toBe(200);
  });

  it('refuses manual assignments of unknown groups and self-disabling; 404 for unknown users', async () => {
    const unknown = await withBearer(`${stack.url}/api/admin/users/${bob.id}/roles/NoSuchRole`, admin, {
      method: 'PUT',
    });
    expect(unknown).toMatchObject({ status: 404, body: { reason: 'role_not_found' } });
    const self = await withBearer(`${stack.url}/api/admin/users/${alice.id}/disable`, admin, {
      method: 'POST',
    });
    expect(self).toMatchObject({ status: 409, body: { reason: 'cannot_change_self' } });
    const missing = await withBearer(`${stack.url}/api/admin/users/nobody`, admin);
    expect(missing).toMatchObject({ status: 404, body: { reason: 'user_not_found' } });
  });

  it('keeps manual assignments through sign-ins, and deletes users', async () => {
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/roles/Services`, admin, { method: 'PUT' });
    await platformToken(
      stack.url,
      await stack.authority.userToken({ user: bob, overrides: { groups: ['Restricted'] } }),
    );
    const user = await withBearer(`${stack.url}/api/admin/users/${bob.id}`, admin);
    expect(user.body).toMatchObject({
      claimGroups: ['Restricted'],
      manualRoles: ['Services'],
      roles: ['Services'],
    });
    const other = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: demoUser('carol'), overrides: { groups: ['Analysts'] } }),
    );
    expect(
      (await withBearer(`${stack.url}/api/admin/users/${demoUser('carol').id}`, admin, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect((await withBearer(`${stack.url}/api/me`, other)).status).toBe(401);
  });
});

describe('POST /api/admin/explain', () => {
  it('explains a real token: validation steps, matches, ignore reasons, admin, platform claims; writes nothing', async () => {
    const token = await stack.authority.userToken({
      user: bob,
      overrides: { groups: ['Analysts', 'restricted', 'Nope', DEMO_TENANT.groups[1]?.id] },
    });
    const before = await stack.count('Users');
    const response = await withBearer(`${stack.url}/api/admin/explain`, admin, json('POST', { token }));
    expect(response.status).toBe(200);
    expect(await stack.count('Users')).toBe(before);
    const e = response.body as Record<string, unknown> & {
      groups: { value: string; outcome: string; reason?: string }[];
    };
    expect(e).toMatchObject({
      input: 'token',
      validation: { performed: true, ok: true },
      user: { id: { value: bob.id, claim: 'oid' }, email: { value: 'bob@contoso.test', claim: 'email' } },
      admin: { isAdmin: false },
      outcome: { wouldIssue: true },
      platformToken: { sub: bob.id, groups: expect.arrayContaining(['Analysts']), admin: false },
    });
    const reasons = Object.fromEntries(e.groups.map((g) => [g.value, g.reason ?? g.outcome]));
    expect(reasons).toMatchObject({
      Analysts: 'matched',
      restricted: 'differs_only_by_case',
      Nope: 'no_such_group',
    });
  });

  it('explains a rejected token step by step', async () => {
    const token = await stack.authority.userToken({
      user: bob,
      clientAppId: '5d0b6e8a-7f9c-4b1d-8e3f-4a5b6c7d8e9f',
    });
    const response = await withBearer(`${stack.url}/api/admin/explain`, admin, json('POST', { token }));
    expect(response.body).toMatchObject({
      validation: { ok: false, reason: 'client_not_allowed' },
      outcome: { wouldIssue: false, reason: 'client_not_allowed' },
    });
  });

  it('explains bare claims without validation, and refuses malformed bodies', async () => {
    const response = await withBearer(
      `${stack.url}/api/admin/explain`,
      admin,
      json('POST', { claims: { oid: 'x', scp: 's', groups: ['Nope'] } }),
    );
    expect(response.body).toMatchObject({
      validation: { performed: false },
      outcome: { wouldIssue: false, reason: 'no_group' },
    });
    for (const body of [{}, { token: 'a', claims: {} }, { claims: [1] }, { token: 5 }]) {
      const bad = await withBearer(`${stack.url}/api/admin/explain`, admin, json('POST', body));
      expect(bad).toMatchObject({ status: 400, body: { reason: 'malformed_body' } });
    }
  });
});
