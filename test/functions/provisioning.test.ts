import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { exchange, platformToken, withBearer } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/** Closed provisioning through HTTP: `OAUTH_JIT_PROVISIONING=false` and `PUT /api/admin/users/{id}`. */
let stack: Stack;
let admin: string;
const bob = demoUser('bob');
const carol = demoUser('carol');

beforeAll(async () => {
  stack = await startStack({ settings: { OAUTH_JIT_PROVISIONING: 'false' } });
});
afterAll(() => stack?.stop());

const put = (id: string, body: unknown) =>
  withBearer(`${stack.url}/api/admin/users/${id}`, admin, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('closed provisioning (OAUTH_JIT_PROVISIONING=false)', () => {
  it('lets an administrator in without being provisioned', async () => {
    const token = await stack.authority.userToken({
      user: carol,
      overrides: { isPlatformAdmin: 'is_admin' },
    });
    admin = await platformToken(stack.url, token);
    expect(admin).toMatch(/^ey/);
  });

  it('refuses a stranger with invalid_grant / user_not_provisioned and stores nothing', async () => {
    const before = await stack.count('Users');
    const response = await exchange(stack.url, await stack.authority.userToken({ user: bob }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', reason: 'user_not_provisioned' });
    expect(await stack.count('Users')).toBe(before);
    const explained = await withBearer(`${stack.url}/api/admin/explain`, admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await stack.authority.userToken({ user: bob }) }),
    });
    expect(explained.body).toMatchObject({ outcome: { wouldIssue: false, reason: 'user_not_provisioned' } });
  });

  it('refuses malformed provisioning bodies and unknown groups', async () => {
    const bad = await put(bob.id, { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'invalid_user' });
    expect((await put(bob.id, { groups: 'Analysts' })).body).toMatchObject({ reason: 'invalid_user' });
    expect((await put(bob.id, { isAdmin: true })).body).toMatchObject({ reason: 'invalid_user' });
    const unknown = await put(bob.id, { groups: ['No such group'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ reason: 'group_not_found' });
    expect(await stack.count('Users')).toBe(1);
  });

  it('provisions a user, who then signs in and gets their claims filled in', async () => {
    const created = await put(bob.id, {
      email: 'robert@contoso.test',
      firstName: 'Robert',
      lastName: 'Analyst',
      groups: ['Analysts'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: bob.id,
      oid: bob.id,
      email: 'robert@contoso.test',
      manualGroups: ['Analysts'],
      claimValues: { groups: [] },
      lastSeenAt: '',
      disabled: false,
    });
    const again = await put(bob.id, { firstName: 'Bob' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ firstName: 'Bob', manualGroups: ['Analysts'] });

    expect((await exchange(stack.url, await stack.authority.userToken({ user: bob }))).status).toBe(200);
    const stored = await withBearer(`${stack.url}/api/admin/users/${bob.id}`, admin);
    expect(stored.body).toMatchObject({ email: bob.mail, manualGroups: ['Analysts'] });
    expect((stored.body.claimValues as { groups: string[] }).groups).toEqual(
      expect.arrayContaining(bob.memberOf),
    );
    expect(stored.body.lastSeenAt).not.toBe('');
  });
});
