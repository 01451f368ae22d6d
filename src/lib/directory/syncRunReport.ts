import type { SyncDeps } from './syncDeps';
import type { SyncRun } from './syncRun';
import type { SyncRecord } from './syncState';

/** What a run counts, as its record reports them. */
export type SyncCounts = Pick<
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

export const NO_COUNTS: SyncCounts = {
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

/** How far a run got: what its record reports, whichever step it ends in. */
export interface SyncSoFar {
  readonly mode: SyncRun['mode'];
  readonly counts: SyncCounts;
  /** The stored record the run read, kept in the next one where the run does not replace it. */
  readonly record: SyncRecord | undefined;
}

export interface RunReport {
  readonly startedAt: number;
  /** The run's record; `pending`: requests still to come (the commit that stores this very record). */
  finish(
    soFar: SyncSoFar,
    outcome: SyncRun['outcome'],
    version: number,
    error: SyncRun['error'],
    pending?: number,
  ): SyncRun;
  /** The stored record after `run`. */
  nextRecord(soFar: SyncSoFar, run: SyncRun): SyncRecord;
}

/**
 * Starts the clock and the Graph and Table request counts of one run, so its record says
 * what the run itself cost.
 */
export function startRunReport(
  deps: Pick<SyncDeps, 'graph' | 'tableRequests' | 'now'>,
  request: { readonly trigger: SyncRun['trigger']; readonly nextRunAt?: string },
): RunReport {
  const { now } = deps;
  const startedAt = now();
  const graphBefore = deps.graph.requests;
  const tableBefore = deps.tableRequests.count;
  return {
    startedAt,
    finish: (soFar, outcome, version, error, pending = 0) => ({
      trigger: request.trigger,
      mode: soFar.mode,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(now()).toISOString(),
      durationMs: now() - startedAt,
      outcome,
      ...soFar.counts,
      graphRequests: deps.graph.requests - graphBefore,
      tableRequests: deps.tableRequests.count - tableBefore + pending,
      version,
      error,
    }),
    nextRecord: (soFar, run) => ({
      lastRun: run,
      lastSuccessAt: run.outcome === 'succeeded' ? run.endedAt : soFar.record?.lastSuccessAt,
      nextRunAt: request.nextRunAt ?? soFar.record?.nextRunAt,
    }),
  };
}
