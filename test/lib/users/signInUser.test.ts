import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { EMPTY_DIRECTORY } from '../../../src/lib/directory/directoryView';
import { unlinked } from '../../../src/lib/mapping/platformCatalog';
import type { VerifiedEntraToken } from '../../../src/lib/entra/verifyEntraToken';
import { createTables } from '../../../src/lib/storage/tables';
import { signInUser } from '../../../src/lib/users/signInUser';
import type { StoredUser } from '../../../src/lib/users/storedUser';
import { createUserStore, type UserStore } from '../../../src/lib/users/userStore';

// Optimistic concurrency on real Table Storage (the shared Azurite of the test run): a
// sign-in that loses the ETag race to another writer reads again and keeps both changes.

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const config = loadConfig({
  OAUTH_ENABLED: 'true',
  OAUTH_TENANT_ID: TENANT,
  OAUTH_APPLICATION_ID: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  OAUTH_CLIENT_APPLICATION_IDS: '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b',
});
const catalog = { groups: ['Analysts', 'Restricted', 'Audit'].map(unlinked), roles: [] };
const tables = createTables({
  connectionString: process.env.TEST_TABLES_CONNECTION,
  tableServiceUri: undefined,
  tablePrefix: `t${randomBytes(5).toString('hex')}`,
});
const store = createUserStore(tables.users);

beforeAll(() => tables.users.ready());
afterAll(() => tables.users.client.deleteTable());

/** A verified delegated token of `userId` whose groups claim is `groups`. */
const tokenFor = (userId: string, groups: string[]): VerifiedEntraToken => ({
  claims: { oid: userId, tid: TENANT, ver: '2.0', groups, scp: 'access_as_user' },
  version: '2.0',
  kind: 'user',
  tenantId: TENANT,
  clientId: '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b',
  subjectId: userId,
  scopes: ['access_as_user'],
  appRoles: [],
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});

const signIn = (users: UserStore, userId: string, groups: string[]) =>
  signInUser(
    {
      config,
      users,
      catalog: { snapshot: async () => catalog },
      directory: { view: async () => EMPTY_DIRECTORY, overageGroups: async () => [] },
      now: Date.now,
    },
    tokenFor(userId, groups),
  );

/** The real store, with another writer that gets in between this sign-in's read and its first write. */
function racedBy(interfere: (current: StoredUser) => Promise<void>) {
  const calls = { replace: 0, get: 0 };
  let raced = false;
  const users: UserStore = {
    ...store,
    get: (tenantId, userId) => {
      calls.get += 1;
      return store.get(tenantId, userId);
    },
    replace: async (user) => {
      calls.replace += 1;
      if (!raced) {
        raced = true;
        const current = await store.get(user.tenantId, user.userId);
        if (current) await interfere(current);
      }
      return store.replace(user);
    },
  };
  return { users, calls };
}

describe('signInUser under an ETag race', () => {
  it("retries after 412 and keeps the admin's concurrent manual group", async () => {
    const userId = randomUUID();
    await signIn(store, userId, ['Analysts']);
    const { users, calls } = racedBy(async (current) => {
      expect(await store.replace({ ...current, manualGroups: ['Audit'] })).toBe('written');
    });

    const result = await signIn(users, userId, ['Analysts', 'Restricted']);

    expect(calls.replace).toBe(2); // the first write met a changed ETag
    expect(calls.get).toBe(2); // and the second was made from a fresh read
    const stored = await store.get(TENANT, userId);
    expect(stored?.groups).toEqual(['Analysts', 'Restricted']);
    expect(stored?.manualGroups).toEqual(['Audit']);
    expect(result.user.manualGroups).toEqual(['Audit']);
  });

  it('refuses a user that was disabled between its read and its write, and writes nothing', async () => {
    const userId = randomUUID();
    await signIn(store, userId, ['Analysts']);
    const { users } = racedBy(async (current) => {
      await store.replace({ ...current, disabled: true });
    });

    await expect(signIn(users, userId, ['Restricted'])).rejects.toMatchObject({ code: 'user_disabled' });
    const stored = await store.get(TENANT, userId);
    expect(stored?.disabled).toBe(true);
    expect(stored?.groups).toEqual(['Analysts']);
  });
});
