import type { BridgeConfig } from '../config/bridgeConfig';
import { BridgeError } from '../errors';
import type { GraphApi } from '../graph/graphApi';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTable } from '../storage/tables';
import type { UserStore } from '../users/userStore';
import type { DirectoryCache } from './directoryCache';
import type { DirectoryStore } from './directoryStore';
import type { DirectoryGroup } from './directoryView';
import { randomUUID } from 'node:crypto';
import { SYNC_ACTOR } from '../audit/userAudit';
import { applyUserChanges } from './applyUserChanges';
import { fetchGroupDelta } from './fetchGroupDelta';
import { readLeavers } from './readLeavers';
import { planDirectoryChanges } from './planDirectoryChanges';
import type { SyncRun } from './syncRun';
import type { SyncCursor, SyncRecord, SyncStateStore } from './syncState';
import type { RequestCounter } from './tableRequestCounter';

/** A run holds the directory this long at most (the Functions timeout is 5 minutes). */
export const LEASE_MS = 6 * 60_000;
/** Graph paging must finish within this budget, retries included. */
export const GRAPH_BUDGET_MS = 3 * 60_000;
/** Up to this many changed groups are read one by one; more, and the partition is read whole. */
const POINT_READ_LIMIT = 50;
/** A quiet run still saves a fresh delta link when the stored one is older than this (Graph keeps them 7 days). */
const DELTA_LINK_REFRESH_MS = 24 * 3600_000;
/** Audit entries past their retention are removed by at most one run a day. */
const AUDIT_PURGE_INTERVAL_MS = 24 * 3600_000;

export interface SyncDeps {
  readonly config: BridgeConfig;
  readonly graph: GraphApi;
  readonly store: DirectoryStore;
  readonly state: SyncStateStore;
  readonly cache: DirectoryCache;
  readonly users: UserStore;
  readonly usersTable: BridgeTable;
  readonly catalog: () => Promise<PlatformCatalog>;
  readonly tableRequests: RequestCounter;
  /** Removes audit entries older than the ISO time given; returns how many. */
  readonly purgeAudit?: (cutoff: string) => Promise<number>;
  readonly now: () => number;
}

export interface SyncRequest {
  readonly trigger: SyncRun['trigger'];
  /** Next occurrence from the timer's schedule status. */
  readonly nextRunAt?: string;
  /** The invocation ID (or trace ID) the run's audit entries carry. */
  readonly correlationId?: string;
}

type Counts = Pick<
  SyncRun,
  | 'groupsSeen'
  | 'added'
  | 'renamed'
  | 'updated'
  | 'deleted'
  | 'usersRecomputed'
  | 'usersFollowed'
  | 'accountsSeen'
  | 'usersDisabled'
  | 'usersEnabled'
  | 'auditRemoved'
>;
const ZERO: Counts = {
  groupsSeen: 0,
  added: 0,
  renamed: 0,
  updated: 0,
  deleted: 0,
  usersRecomputed: 0,
  usersFollowed: false,
  accountsSeen: 0,
  usersDisabled: 0,
  usersEnabled: 0,
  auditRemoved: 0,
};

/**
 * One directory sync run: a `groups/delta` round from the saved delta link, the changed
 * groups written in transactions, then the new delta link and the run record saved together. Invariants:
 * - a run that fails keeps the previous directory and delta link (the round is applied only
 *   once its last page is read; the link is saved only after the writes), so the next run
 *   replays the same changes; writes are upserts of Graph's values, so replays are harmless;
 * - overlapping runs: the first to move the cursor (with `If-Match`) takes a lease, the
 *   other stands aside (`skipped`); a run with nothing to write takes no lease;
 * - a quiet round writes nothing (the delta link is refreshed at least daily, and that run
 *   is recorded); the status then shows the last recorded run.
 * Never throws for Graph or storage failures: they end in a `failed` run record.
 */
export async function runDirectorySync(deps: SyncDeps, request: SyncRequest): Promise<SyncRun> {
  const { config, now } = deps;
  const tenantId = config.tenantId;
  const startedAt = now();
  const graphBefore = deps.graph.requests;
  const tableBefore = deps.tableRequests.count;
  let mode: SyncRun['mode'];
  let counts = ZERO;
  let cursor: SyncCursor | undefined;
  let record: SyncRecord | undefined;
  let leaseEtag: string | undefined;
  let wrote = false;

  /** `pending`: requests still to come in this run (the commit that stores this very record). */
  const finish = (
    outcome: SyncRun['outcome'],
    version: number,
    error: SyncRun['error'],
    pending = 0,
  ): SyncRun => ({
    trigger: request.trigger,
    mode,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(now()).toISOString(),
    durationMs: now() - startedAt,
    outcome,
    ...counts,
    graphRequests: deps.graph.requests - graphBefore,
    tableRequests: deps.tableRequests.count - tableBefore + pending,
    version,
    error,
  });
  const nextRecord = (run: SyncRun): SyncRecord => ({
    lastRun: run,
    lastSuccessAt: run.outcome === 'succeeded' ? run.endedAt : record?.lastSuccessAt,
    nextRunAt: request.nextRunAt ?? record?.nextRunAt,
  });

  try {
    ({ cursor, record } = await deps.state.read(tenantId));
    if (cursor.leaseUntil && Date.parse(cursor.leaseUntil) > now()) {
      return finish('skipped', cursor.version, {
        code: 'sync_running',
        message: 'Another sync run holds the directory.',
      });
    }
    if (!config.graph.baseUrl)
      throw new BridgeError('unavailable', 'graph_not_configured', 'GRAPH_BASE_URL is not set.');
    const round = await fetchGroupDelta(deps.graph, {
      deltaLink: cursor.deltaLink,
      graphBaseUrl: config.graph.baseUrl,
      deadline: startedAt + GRAPH_BUDGET_MS,
      now,
    });
    mode = round.mode;
    const leavers = await readLeavers(deps, {
      deltaLink: cursor.usersDeltaLink,
      graphBaseUrl: config.graph.baseUrl,
      deadline: startedAt + GRAPH_BUDGET_MS,
      startedAt,
    });
    const ids = [...round.items.keys()];
    const scanned = round.mode === 'full' || ids.length > POINT_READ_LIMIT;
    const stored = await (scanned ? deps.store.all() : deps.store.some(ids));
    const storedById = new Map(stored.map((group) => [group.id, group]));
    const plan = planDirectoryChanges(round, storedById, new Date(now()).toISOString());
    const { added, renamed, updated, deleted } = plan;
    counts = {
      ...ZERO,
      added,
      renamed,
      updated,
      deleted,
      groupsSeen: round.items.size,
      usersFollowed: leavers !== undefined,
      accountsSeen: leavers?.round.items.size ?? 0,
    };
    const audit = { actor: SYNC_ACTOR, correlationId: request.correlationId ?? randomUUID() };
    const becameSynced = round.mode === 'full' && cursor.fullSyncAt === undefined;
    let version = cursor.version;
    let etag = cursor.etag;

    const usersBehind = cursor.usersVersion < cursor.version;
    const leaverChanges = leavers?.changes ?? [];
    if (plan.writes.length > 0 || becameSynced || usersBehind || leaverChanges.length > 0) {
      const lease = await deps.state.saveCursor(tenantId, {
        ...cursor,
        leaseUntil: new Date(now() + LEASE_MS).toISOString(),
      });
      if (lease === 'conflict') {
        return finish('skipped', cursor.version, {
          code: 'sync_running',
          message: 'Another sync run moved first.',
        });
      }
      leaseEtag = etag = lease;
      if (leavers && leaverChanges.length > 0) {
        await applyUserChanges(
          { ...deps, audit, now },
          (_, after) => (after.disabled ? 'user.disable' : 'user.enable'),
          leaverChanges,
          leavers.decide,
          leavers.before,
        );
        const disabledNow = leaverChanges.filter((u) => u.disabled).length;
        counts = { ...counts, usersDisabled: disabledNow, usersEnabled: leaverChanges.length - disabledNow };
      }
      if (plan.writes.length > 0 || becameSynced || usersBehind) {
        wrote = plan.writes.length > 0;
        await deps.store.write(plan.writes);
        if (plan.writes.length > 0 || becameSynced) version += 1;
        for (const group of plan.writes) storedById.set(group.id, group);
        // Directory names are for reading only: a rename changes what is shown, not who gets
        // what, so no stored user is recomputed here.
        const groups: DirectoryGroup[] = scanned ? [...storedById.values()] : await deps.store.all();
        deps.cache.install(groups, version, round.mode === 'full' || cursor.fullSyncAt !== undefined);
      }
    }

    const at = new Date(now()).toISOString();
    const linkAge = cursor.deltaLinkAt ? now() - Date.parse(cursor.deltaLinkAt) : Number.POSITIVE_INFINITY;
    const usersLinkAge = cursor.usersDeltaLinkAt
      ? now() - Date.parse(cursor.usersDeltaLinkAt)
      : Number.POSITIVE_INFINITY;
    const usersQuiet =
      !leavers ||
      (leavers.round.mode === 'incremental' &&
        leavers.round.items.size === 0 &&
        usersLinkAge < DELTA_LINK_REFRESH_MS);
    const purgeDue =
      deps.purgeAudit !== undefined &&
      (!cursor.auditPurgedAt || now() - Date.parse(cursor.auditPurgedAt) >= AUDIT_PURGE_INTERVAL_MS);
    if (
      round.mode === 'incremental' &&
      round.items.size === 0 &&
      !usersBehind &&
      usersQuiet &&
      !purgeDue &&
      linkAge < DELTA_LINK_REFRESH_MS
    ) {
      // Nothing changed: no Table write at all. The stored delta link still covers this
      // point; it is refreshed at least daily, well inside Graph's 7-day validity.
      return finish('succeeded', version, null, 0);
    }
    if (purgeDue && deps.purgeAudit) {
      const cutoff = new Date(now() - config.auditRetentionDays * 24 * 3600_000).toISOString();
      counts = { ...counts, auditRemoved: await deps.purgeAudit(cutoff) };
    }
    const next: SyncCursor = {
      auditPurgedAt: purgeDue ? at : cursor.auditPurgedAt,
      deltaLink: round.deltaLink,
      deltaLinkAt: at,
      usersDeltaLink: leavers ? leavers.round.deltaLink : cursor.usersDeltaLink,
      usersDeltaLinkAt: leavers ? at : cursor.usersDeltaLinkAt,
      version,
      usersVersion: version,
      fullSyncAt: round.mode === 'full' ? at : cursor.fullSyncAt,
      leaseUntil: undefined,
      etag,
    };
    const run = finish('succeeded', version, null, 1);
    if ((await deps.state.commit(tenantId, next, nextRecord(run))) === 'written') return run;
    const lost = finish('failed', version, {
      code: 'concurrent_run',
      message: 'Another run moved the cursor.',
    });
    await deps.state.saveRecord(tenantId, nextRecord(lost));
    return lost;
  } catch (err) {
    const error =
      err instanceof BridgeError
        ? { code: err.code, message: err.message }
        : { code: 'internal_error' as const, message: err instanceof Error ? err.message : String(err) };
    const version = (cursor?.version ?? 0) + (wrote ? 1 : 0); // usersVersion stays behind: next run recomputes
    const run = finish('failed', version, { ...error, message: error.message.slice(0, 500) });
    await release(deps, cursor, leaseEtag, version, nextRecord(run));
    return run;
  }
}

/**
 * After a failure: drop the lease but keep the previous delta link, so the next run replays
 * the round; bump the version if some groups were written, so caches reload them. Best
 * effort: storage may be the very thing that failed.
 */
async function release(
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
