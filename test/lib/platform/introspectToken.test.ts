import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { UnavailableError } from '../../../src/lib/errors';
import { introspectToken } from '../../../src/lib/platform/introspectToken';
import { createPlatformTokens } from '../../../src/lib/platform/platformTokens';
import { loadSigningKeys } from '../../../src/lib/platform/signingKeys';
import { withUserCache } from '../../../src/lib/users/cachedUserStore';
import type { StoredUser } from '../../../src/lib/users/storedUser';
import type { UserStore } from '../../../src/lib/users/userStore';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const config = loadConfig({ OAUTH_TENANT_ID: TENANT });

async function setup() {
  let clock = 1_700_000_000_000;
  const tokens = createPlatformTokens(config, await loadSigningKeys(undefined), () =>
    Math.floor(clock / 1000),
  );
  let user: (StoredUser & { profileHash: string }) | undefined = {
    tenantId: TENANT,
    userId: 'u1',
    isAdmin: true,
    disabled: false,
    profileHash: 'h',
  } as unknown as StoredUser & { profileHash: string };
  const calls = { get: 0 };
  const store: UserStore = {
    get: async () => {
      calls.get += 1;
      return user;
    },
    create: async () => 'written' as const,
    replace: async () => 'written' as const,
    remove: async () => true,
    list: async () => ({ users: [], continuationToken: undefined }),
    all: async function* () {},
  };
  const issue = async (admin: boolean) =>
    (
      await tokens.issue({
        subject: 'u1',
        clientId: 'c1',
        tenantId: TENANT,
        oid: 'u1',
        groups: ['G'],
        roles: ['R'],
        admin,
        notAfter: Math.floor(clock / 1000) + 3600,
      })
    ).token;
  return {
    tokens,
    store,
    calls,
    issue,
    setUser: (u: typeof user) => (user = u),
    current: () => user,
    tick: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

describe('introspectToken', () => {
  it('answers the token facts of a good token with one user read — what /api/me reads', async () => {
    const t = await setup();
    const token = await t.issue(true);
    const answer = await introspectToken({ tokens: t.tokens, users: t.store }, token);
    expect(answer).toMatchObject({
      active: true,
      sub: 'u1',
      client_id: 'c1',
      aud: 'platform',
      token_type: 'Bearer',
      groups: ['G'],
      roles: ['R'],
      admin: true,
    });
    expect(t.calls.get).toBe(1);
  });

  it('reads no storage at all while the user is cached, and sees a change once the cache bound passed', async () => {
    const t = await setup();
    const users = withUserCache(t.store, config.userCacheSeconds * 1000, t.now);
    const token = await t.issue(false);
    await introspectToken({ tokens: t.tokens, users }, token);
    await introspectToken({ tokens: t.tokens, users }, token);
    expect(t.calls.get).toBe(1);
    t.setUser({ ...(t.current() as StoredUser & { profileHash: string }), disabled: true });
    t.tick(config.userCacheSeconds * 1000 + 1);
    expect(await introspectToken({ tokens: t.tokens, users }, token)).toEqual({ active: false });
  });

  it('is inactive for an expired token, and for an admin token of a user no longer admin', async () => {
    const t = await setup();
    const admin = await t.issue(true);
    t.setUser({ ...(t.current() as StoredUser & { profileHash: string }), isAdmin: false });
    expect(await introspectToken({ tokens: t.tokens, users: t.store }, admin)).toEqual({ active: false });
    const ordinary = await t.issue(false);
    expect(await introspectToken({ tokens: t.tokens, users: t.store }, ordinary)).toMatchObject({
      active: true,
    });
    t.tick((config.bridge.tokenLifetimeSeconds + 1) * 1000);
    const before = t.calls.get;
    expect(await introspectToken({ tokens: t.tokens, users: t.store }, ordinary)).toEqual({ active: false });
    expect(t.calls.get).toBe(before); // a token that does not verify costs no storage request
  });

  it('lets a storage outage through instead of answering for the token', async () => {
    const t = await setup();
    const token = await t.issue(false);
    const failing = {
      get: async () => {
        throw new UnavailableError('storage_unavailable', 'down');
      },
    };
    await expect(introspectToken({ tokens: t.tokens, users: failing }, token)).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});
