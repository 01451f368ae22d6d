import type { SyncDeps } from './syncDeps';
import type { SyncCursor, SyncRecord } from './syncState';

/** A run holds the directory this long at most (the Functions timeout is 5 minutes). */
export const LEASE_MS = 6 * 60_000;

/** Whether another run holds the directory now. */
export function leaseHeld(cursor: SyncCursor, now: number): boolean {
  return cursor.leaseUntil ? Date.parse(cursor.leaseUntil) > now : false;
}

/**
 * The lease step: the first run to move the cursor (with `If-Match`) holds the directory
 * until `LEASE_MS` from now; its new ETag, or `conflict` when another run moved first.
 */
export function takeSyncLease(deps: SyncDeps, cursor: SyncCursor): Promise<string | 'conflict'> {
  return deps.state.saveCursor(deps.config.tenantId, {
    ...cursor,
    leaseUntil: new Date(deps.now() + LEASE_MS).toISOString(),
  });
}

/**
 * After a failure: drop the lease but keep the previous delta link, so the next run replays
 * the round; bump the version if some groups were written, so caches reload them. Best
 * effort: storage may be the very thing that failed.
 */
export async function releaseSyncLease(
  deps: SyncDeps,
  cursor: SyncCursor | undefined,
  leaseEtag: string | undefined,
  version: number,
  record: SyncRecord,
): Promise<void> {
  const tenantId = deps.config.tenantId;
  const attempt = async (write: () => Promise<unknown>) => {
    try {
      return await write();
    } catch {
      return 'failed'; // storage may be the very thing that failed; the next run repairs
    }
  };
  if (cursor && leaseEtag) {
    const released = { ...cursor, leaseUntil: undefined, version, etag: leaseEtag };
    if ((await attempt(() => deps.state.commit(tenantId, released, record))) === 'written') return;
    await attempt(() => deps.state.saveCursor(tenantId, released));
  }
  await attempt(() => deps.state.saveRecord(tenantId, record));
}
