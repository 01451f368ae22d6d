import type { SyncPlan } from './planSync';
import type { SyncDeps } from './syncDeps';
import type { SyncRun } from './syncRun';
import type { SyncCursor, SyncRecord } from './syncState';

/** A quiet run still saves a fresh delta link when the stored one is older than this (Graph keeps them 7 days). */
const DELTA_LINK_REFRESH_MS = 24 * 3600_000;
/** Audit entries past their retention are removed by at most one run a day. */
const AUDIT_PURGE_INTERVAL_MS = 24 * 3600_000;

/** Whether this run removes the audit entries past their retention (at most one run a day). */
export function auditPurgeDue(deps: SyncDeps, cursor: SyncCursor): boolean {
  return (
    deps.purgeAudit !== undefined &&
    (!cursor.auditPurgedAt || deps.now() - Date.parse(cursor.auditPurgedAt) >= AUDIT_PURGE_INTERVAL_MS)
  );
}

/**
 * Nothing changed and nothing is due: the run writes no Table row at all. The stored delta
 * links still cover this point; they are refreshed at least daily, well inside Graph's
 * 7-day validity.
 */
export function quietRun(deps: SyncDeps, cursor: SyncCursor, plan: SyncPlan, purgeDue: boolean): boolean {
  const { now } = deps;
  const { round, leavers } = plan;
  const linkAge = cursor.deltaLinkAt ? now() - Date.parse(cursor.deltaLinkAt) : Number.POSITIVE_INFINITY;
  const usersLinkAge = cursor.usersDeltaLinkAt
    ? now() - Date.parse(cursor.usersDeltaLinkAt)
    : Number.POSITIVE_INFINITY;
  const usersQuiet =
    !leavers ||
    (leavers.round.mode === 'incremental' &&
      leavers.round.items.size === 0 &&
      usersLinkAge < DELTA_LINK_REFRESH_MS);
  return (
    round.mode === 'incremental' &&
    round.items.size === 0 &&
    !plan.usersBehind &&
    usersQuiet &&
    !purgeDue &&
    linkAge < DELTA_LINK_REFRESH_MS
  );
}

/** Removes the audit entries older than `BRIDGE_AUDIT_RETENTION_DAYS`; how many. */
export function purgeExpiredAudit(deps: SyncDeps): Promise<number> {
  if (!deps.purgeAudit) return Promise.resolve(0);
  const cutoff = new Date(deps.now() - deps.config.auditRetentionDays * 24 * 3600_000).toISOString();
  return deps.purgeAudit(cutoff);
}

/**
 * The cursor the commit step saves: the rounds' new delta links, the directory version the
 * users are now recomputed for, the lease dropped; `etag` is the lease's, or the one read.
 */
export function nextCursor(
  cursor: SyncCursor,
  plan: SyncPlan,
  next: {
    readonly at: string;
    readonly version: number;
    readonly etag: string | undefined;
    readonly purged: boolean;
  },
): SyncCursor {
  const { round, leavers } = plan;
  const { at, version } = next;
  return {
    auditPurgedAt: next.purged ? at : cursor.auditPurgedAt,
    deltaLink: round.deltaLink,
    deltaLinkAt: at,
    usersDeltaLink: leavers ? leavers.round.deltaLink : cursor.usersDeltaLink,
    usersDeltaLinkAt: leavers ? at : cursor.usersDeltaLinkAt,
    version,
    usersVersion: version,
    fullSyncAt: round.mode === 'full' ? at : cursor.fullSyncAt,
    leaseUntil: undefined,
    etag: next.etag,
  };
}

/**
 * The commit step: the new cursor (with `If-Match`) and the run's record in one
 * transaction. When another run moved the cursor meanwhile, this one is recorded as failed
 * (`lost`) and the cursor left as the other run wrote it.
 */
export async function commitSync(
  deps: SyncDeps,
  cursor: SyncCursor,
  run: {
    readonly succeeded: SyncRun;
    readonly lost: () => SyncRun;
    readonly record: (run: SyncRun) => SyncRecord;
  },
): Promise<SyncRun> {
  const tenantId = deps.config.tenantId;
  if ((await deps.state.commit(tenantId, cursor, run.record(run.succeeded))) === 'written')
    return run.succeeded;
  const lost = run.lost();
  await deps.state.saveRecord(tenantId, run.record(lost));
  return lost;
}
