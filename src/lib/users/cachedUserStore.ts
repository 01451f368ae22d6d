import type { StoredUser } from './storedUser';
import type { UserStore } from './userStore';

type CachedUser = StoredUser & { profileHash: string };

/**
 * A per-instance read cache in front of the user table, so that a warm sign-in with
 * unchanged claims costs no storage round trip at all. Entries live `ttlMs`; every write
 * through this instance drops the entry, and a failed conditional write (another instance
 * changed the user) drops it too, so writes stay ETag-safe. The price: a user disabled or
 * changed through *another* instance is seen here after at most `ttlMs`
 * (`BRIDGE_USER_CACHE_SECONDS`, 0 switches the cache off).
 */
export interface CachedUserStore extends UserStore {
  /** Forgets every entry (after writes that bypassed this store, e.g. a sync's transactions). */
  forgetAll(): void;
}

export function withUserCache(
  store: UserStore,
  ttlMs: number,
  now: () => number = Date.now,
): CachedUserStore {
  if (ttlMs <= 0) return { ...store, forgetAll: () => undefined };
  const entries = new Map<string, { at: number; user: CachedUser | undefined }>();
  const MAX_ENTRIES = 10_000;
  const key = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
  const drop = (user: Pick<StoredUser, 'tenantId' | 'userId'>) =>
    entries.delete(key(user.tenantId, user.userId));

  return {
    ...store,
    forgetAll: () => entries.clear(),
    async get(tenantId, userId) {
      const k = key(tenantId, userId);
      const hit = entries.get(k);
      if (hit && now() - hit.at < ttlMs) return hit.user;
      const user = await store.get(tenantId, userId);
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(k, { at: now(), user });
      return user;
    },
    async create(user, audit) {
      drop(user);
      return store.create(user, audit);
    },
    async replace(user, audit) {
      drop(user);
      return store.replace(user, audit);
    },
    async remove(tenantId, userId, etag, audit) {
      entries.delete(key(tenantId, userId));
      return store.remove(tenantId, userId, etag, audit);
    },
  };
}
