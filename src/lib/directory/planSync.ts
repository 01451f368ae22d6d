import { BridgeError } from '../errors';
import type { DirectoryGroup } from './directoryView';
import { type DeltaRound, fetchGroupDelta } from './fetchGroupDelta';
import { type DirectoryPlan, planDirectoryChanges } from './planDirectoryChanges';
import { type LeaverRound, readLeavers } from './readLeavers';
import type { SyncDeps } from './syncDeps';
import { NO_COUNTS, type SyncCounts } from './syncRunReport';
import type { SyncCursor } from './syncState';

/** Graph paging must finish within this budget, retries included. */
export const GRAPH_BUDGET_MS = 3 * 60_000;
/** Up to this many changed groups are read one by one; more, and the partition is read whole. */
const POINT_READ_LIMIT = 50;

/** What one run will change, decided from Graph's rounds and the stored state; nothing written yet. */
export interface SyncPlan {
  readonly round: DeltaRound;
  /** `undefined` when the bridge's credential cannot read users/delta (groups only). */
  readonly leavers: LeaverRound | undefined;
  readonly groups: DirectoryPlan;
  /** The stored groups read for the plan, by ID: the whole directory when `scanned`. */
  readonly storedById: ReadonlyMap<string, DirectoryGroup>;
  readonly scanned: boolean;
  /** The first complete full round: from now on the directory is `synced`. */
  readonly becameSynced: boolean;
  /** The stored users were last recomputed for an older directory version (a failed run). */
  readonly usersBehind: boolean;
  readonly counts: SyncCounts;
}

function graphBaseUrl(config: SyncDeps['config']): string {
  if (!config.graph.baseUrl)
    throw new BridgeError('unavailable', 'graph_not_configured', 'GRAPH_BASE_URL is not set.');
  return config.graph.baseUrl;
}

/**
 * The plan step's first read: a complete `groups/delta` round from the saved delta link (a
 * full round without one). Its mode is what the run reports, whatever happens next.
 */
export async function readGroupRound(
  deps: SyncDeps,
  cursor: SyncCursor,
  startedAt: number,
): Promise<DeltaRound> {
  return fetchGroupDelta(deps.graph, {
    deltaLink: cursor.deltaLink,
    graphBaseUrl: graphBaseUrl(deps.config),
    deadline: startedAt + GRAPH_BUDGET_MS,
    now: deps.now,
  });
}

/**
 * The plan step: the users/delta round (leavers) after the groups round, then the stored
 * groups the round names — a few point reads, or the partition whole for a full round or
 * many changes — compared with it (`planDirectoryChanges`). Writes nothing.
 */
export async function planSync(
  deps: SyncDeps,
  cursor: SyncCursor,
  round: DeltaRound,
  startedAt: number,
): Promise<SyncPlan> {
  const leavers = await readLeavers(deps, {
    deltaLink: cursor.usersDeltaLink,
    graphBaseUrl: graphBaseUrl(deps.config),
    deadline: startedAt + GRAPH_BUDGET_MS,
    startedAt,
  });
  const ids = [...round.items.keys()];
  const scanned = round.mode === 'full' || ids.length > POINT_READ_LIMIT;
  const stored = await (scanned ? deps.store.all() : deps.store.some(ids));
  const storedById = new Map(stored.map((group) => [group.id, group]));
  const groups = planDirectoryChanges(round, storedById, new Date(deps.now()).toISOString());
  const { added, renamed, updated, deleted } = groups;
  return {
    round,
    leavers,
    groups,
    storedById,
    scanned,
    becameSynced: round.mode === 'full' && cursor.fullSyncAt === undefined,
    usersBehind: cursor.usersVersion < cursor.version,
    counts: {
      ...NO_COUNTS,
      added,
      renamed,
      updated,
      deleted,
      groupsSeen: round.items.size,
      usersFollowed: leavers !== undefined,
      accountsSeen: leavers?.round.items.size ?? 0,
    },
  };
}

/** Whether the plan writes anything: groups, the synced mark, a recompute owed, or leavers. */
export function planWrites(plan: SyncPlan): boolean {
  return (
    plan.groups.writes.length > 0 || plan.becameSynced || plan.usersBehind || leaverChanges(plan).length > 0
  );
}

/** Whether the plan touches the stored directory (and its cached copy). */
export function planTouchesDirectory(plan: SyncPlan): boolean {
  return plan.groups.writes.length > 0 || plan.becameSynced || plan.usersBehind;
}

export function leaverChanges(plan: SyncPlan) {
  return plan.leavers?.changes ?? [];
}
