import { randomUUID } from 'node:crypto';
import { SYNC_ACTOR } from '../audit/userAudit';
import { BridgeError } from '../errors';
import { applyGroupWrites, applyLeavers } from './applySyncPlan';
import { auditPurgeDue, commitSync, nextCursor, purgeExpiredAudit, quietRun } from './commitSync';
import { planSync, planWrites, readGroupRound } from './planSync';
import type { SyncDeps, SyncRequest } from './syncDeps';
import { leaseHeld, releaseSyncLease, takeSyncLease } from './syncLease';
import type { SyncRun } from './syncRun';
import { NO_COUNTS, type SyncSoFar, startRunReport } from './syncRunReport';
import type { SyncCursor } from './syncState';

/**
 * One directory sync run, in four steps: plan (a `groups/delta` round from the saved delta
 * link, a users/delta round, the stored groups they name), lease (only when there is
 * something to write), apply (users, then groups in transactions), commit (the new delta
 * links and the run record together). Invariants:
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
  const tenantId = deps.config.tenantId;
  const report = startRunReport(deps, request);
  // What a failure reports and undoes, as far as the steps got.
  let soFar: SyncSoFar = { mode: undefined, counts: NO_COUNTS, record: undefined };
  let cursor: SyncCursor | undefined;
  let leaseEtag: string | undefined;
  let wroteGroups = false;
  try {
    const state = await deps.state.read(tenantId);
    cursor = state.cursor;
    soFar = { ...soFar, record: state.record };
    if (leaseHeld(cursor, deps.now())) {
      return report.finish(soFar, 'skipped', cursor.version, {
        code: 'sync_running',
        message: 'Another sync run holds the directory.',
      });
    }
    const round = await readGroupRound(deps, cursor, report.startedAt);
    soFar = { ...soFar, mode: round.mode };
    const plan = await planSync(deps, cursor, round, report.startedAt);
    soFar = { ...soFar, counts: plan.counts };
    let version = cursor.version;
    let etag = cursor.etag;
    if (planWrites(plan)) {
      const lease = await takeSyncLease(deps, cursor);
      if (lease === 'conflict') {
        return report.finish(soFar, 'skipped', cursor.version, {
          code: 'sync_running',
          message: 'Another sync run moved first.',
        });
      }
      leaseEtag = etag = lease;
      const audit = { actor: SYNC_ACTOR, correlationId: request.correlationId ?? randomUUID() };
      const users = await applyLeavers(deps, plan, audit);
      if (users) soFar = { ...soFar, counts: { ...soFar.counts, ...users } };
      wroteGroups = plan.groups.writes.length > 0;
      version = await applyGroupWrites(deps, plan, cursor);
    }

    const at = new Date(deps.now()).toISOString();
    const purgeDue = auditPurgeDue(deps, cursor);
    if (quietRun(deps, cursor, plan, purgeDue)) return report.finish(soFar, 'succeeded', version, null, 0);
    if (purgeDue)
      soFar = { ...soFar, counts: { ...soFar.counts, auditRemoved: await purgeExpiredAudit(deps) } };
    const committed = soFar;
    return await commitSync(deps, nextCursor(cursor, plan, { at, version, etag, purged: purgeDue }), {
      succeeded: report.finish(committed, 'succeeded', version, null, 1),
      lost: () =>
        report.finish(committed, 'failed', version, {
          code: 'concurrent_run',
          message: 'Another run moved the cursor.',
        }),
      record: (run) => report.nextRecord(committed, run),
    });
  } catch (err) {
    const error =
      err instanceof BridgeError
        ? { code: err.code, message: err.message }
        : { code: 'internal_error' as const, message: err instanceof Error ? err.message : String(err) };
    // usersVersion stays behind: the next run recomputes.
    const version = (cursor?.version ?? 0) + (wroteGroups ? 1 : 0);
    const run = report.finish(soFar, 'failed', version, { ...error, message: error.message.slice(0, 500) });
    await releaseSyncLease(deps, cursor, leaseEtag, version, report.nextRecord(soFar, run));
    return run;
  }
}
