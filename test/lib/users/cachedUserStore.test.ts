import { describe, expect, it } from 'vitest';
import { withUserCache } from '../../../src/lib/users/cachedUserStore';
import type { StoredUser } from '../../../src/lib/users/storedUser';
import type { UserStore } from '../../../src/lib/users/userStore';

const user = { tenantId: 't', userId: 'u', disabled: false, profileHash: 'h' } as unknown as StoredUser & {
  profileHash: string;
};

function countingStore() {
  const calls = { get: 0 };
  let stored: (StoredUser & { profileHash: string }) | undefined = user;
  const store = {
    get: async () => {
      calls.get += 1;
      return stored;
    },
    create: async () => 'written' as const,
    replace: async () => 'written' as const,
    remove: async () => true,
    list: async () => ({ users: [], continuationToken: undefined }),
    all: async function* () {},
  } satisfies UserStore;
  return { store, calls, set: (u: typeof stored) => (stored = u) };
}

describe('withUserCache', () => {
  it('serves repeated reads from memory within the TTL, then reads again', async () => {
    let clock = 0;
    const { store, calls } = countingStore();
    const cached = withUserCache(store, 10_000, () => clock);
    await cached.get('t', 'u');
    await cached.get('t', 'u');
    expect(calls.get).toBe(1);
    clock = 10_001;
    await cached.get('t', 'u');
    expect(calls.get).toBe(2);
  });

  it('drops an entry on every write through it, so the next read sees storage', async () => {
    const { store, calls, set } = countingStore();
    const cached = withUserCache(store, 10_000, () => 0);
    await cached.get('t', 'u');
    set({ ...user, disabled: true });
    await cached.replace({ ...user, disabled: true });
    expect((await cached.get('t', 'u'))?.disabled).toBe(true);
    expect(calls.get).toBe(2);
    await cached.remove('t', 'u');
    await cached.get('t', 'u');
    expect(calls.get).toBe(3);
  });

  it('forgets everything on forgetAll (writes that bypassed it, e.g. a directory sync)', async () => {
    const { store, calls } = countingStore();
    const cached = withUserCache(store, 10_000, () => 0);
    await cached.get('t', 'u');
    cached.forgetAll();
    await cached.get('t', 'u');
    expect(calls.get).toBe(2);
  });

  it('is a pass-through with a TTL of 0', async () => {
    const { store, calls } = countingStore();
    const cached = withUserCache(store, 0);
    await cached.get('t', 'u');
    await cached.get('t', 'u');
    expect(calls.get).toBe(2);
  });
});
