import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { exchange, withBearer, adminPlatformToken } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/**
 * Leavers through HTTP: the local Graph's users/delta behind the real Graph SDK, the built app
 * in the local Functions host, Azurite. Users sign in with a group name in their token, so the
 * directory's groups play no part here.
 */
let stack: Stack;
let admin: string;
const alice = demoUser('alice');
const bob = demoUser('bob');
const carol = demoUser('carol');

beforeAll(async () => {
  stack = await startStack();
  admin = await adminPlatformToken(stack, carol);
});
afterAll(() => stack?.stop());

const syncNow = async () => {
  const run = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  expect(run.status).toBe(200);
  return run.body;
};
const signIn = async (user: typeof bob) =>
  exchange(stack.url, await stack.authority.userToken({ user, overrides: { groups: ['Analysts'] } }));
const stored = async (user: typeof bob) =>
  (await withBearer(`${stack.url}/api/admin/users/${user.id}`, admin)).body;

describe('users follow the tenant (users/delta)', () => {
  it('a first full round reads every account and changes no one who is enabled', async () => {
    expect((await signIn(bob)).status).toBe(200);
    expect((await signIn(alice)).status).toBe(200);
    expect(await syncNow()).toMatchObject({
      outcome: 'succeeded',
      usersFollowed: true,
      accountsSeen: 3,
      usersDisabled: 0,
      usersEnabled: 0,
    });
    expect(await stored(bob)).toMatchObject({ disabled: false, disabledBy: null, disabledReason: null });
  });

  it('refuses a user disabled in Entra after the next sync, and lets them in again once Entra enables them', async () => {
    stack.graph.directory.setAccountEnabled(bob.id, false);
    expect(await syncNow()).toMatchObject({ accountsSeen: 1, usersDisabled: 1 });
    const refused = await signIn(bob);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', reason: 'user_disabled' });
    expect(await stored(bob)).toMatchObject({
      disabled: true,
      disabledBy: 'directory-sync',
      disabledReason: 'entra_account_disabled',
    });
    const explained = await withBearer(`${stack.url}/api/admin/explain`, admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
      }),
    });
    expect(explained.body).toMatchObject({
      outcome: { wouldIssue: false, reason: 'user_disabled' },
      storedUser: { disabled: true, disabledReason: 'entra_account_disabled' },
    });

    stack.graph.directory.setAccountEnabled(bob.id, true);
    expect(await syncNow()).toMatchObject({ usersEnabled: 1 });
    expect((await signIn(bob)).status).toBe(200);
    const audit = await withBearer(`${stack.url}/api/admin/audit?actor=directory-sync`, admin);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        action: 'user.disable',
        targetId: bob.id,
        before: { disabled: false, disabledBy: null, disabledReason: null },
        after: { disabled: true, disabledBy: 'directory-sync', disabledReason: 'entra_account_disabled' },
        correlationId: expect.stringMatching(/\S/),
      }),
      expect.objectContaining({
        action: 'user.enable',
        targetId: bob.id,
        after: expect.objectContaining({ disabled: false }),
      }),
    ]);
  });

  it('never enables a user an administrator disabled', async () => {
    const disabled = await withBearer(`${stack.url}/api/admin/users/${bob.id}/disable`, admin, {
      method: 'POST',
    });
    expect(disabled.body).toMatchObject({ disabledBy: 'admin', disabledReason: 'admin_disabled' });
    stack.graph.directory.setAccountEnabled(bob.id, false);
    expect(await syncNow()).toMatchObject({ usersDisabled: 0 });
    stack.graph.directory.setAccountEnabled(bob.id, true);
    expect(await syncNow()).toMatchObject({ usersEnabled: 0 });
    expect(await stored(bob)).toMatchObject({
      disabled: true,
      disabledBy: 'admin',
      disabledReason: 'admin_disabled',
    });
    expect((await signIn(bob)).body).toMatchObject({ reason: 'user_disabled' });
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/enable`, admin, { method: 'POST' });
    expect((await signIn(bob)).status).toBe(200);
  });

  it('refuses a user deleted in Entra, and lists them among the disabled users', async () => {
    stack.graph.directory.deleteUser(alice.id);
    expect(await syncNow()).toMatchObject({ usersDisabled: 1 });
    expect((await signIn(alice)).body).toMatchObject({ reason: 'user_disabled' });
    expect(await stored(alice)).toMatchObject({ disabledReason: 'entra_account_deleted' });
    const list = await withBearer(`${stack.url}/api/admin/users?disabled=true`, admin);
    expect((list.body.users as { id: string }[]).map((u) => u.id)).toEqual([alice.id]);
  });

  it('a quiet round writes nothing', async () => {
    const run = await syncNow();
    expect(run).toMatchObject({ accountsSeen: 0, usersDisabled: 0, usersEnabled: 0, tableRequests: 1 });
  });
});
