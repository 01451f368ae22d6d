import type { BridgeConfig } from '../config/bridgeConfig';
import type { GraphApi } from '../graph/graphApi';
import { GraphFailure } from '../graph/graphFailure';
import type { StoredUser } from '../users/storedUser';
import type { UserStore } from '../users/userStore';
import type { DeltaRound } from './fetchGroupDelta';
import { fetchUserDelta, USER_DELTA_PERMISSIONS, type UserDeltaItem } from './fetchUserDelta';
import { type LeaverDecision, leaverDecision } from './planLeavers';

/** Up to this many changed accounts are looked up one by one; more, and the users partition is read whole. */
const POINT_READ_LIMIT = 50;

/** A complete users/delta round and what it means for the stored users. */
export interface LeaverRound {
  readonly round: DeltaRound<UserDeltaItem>;
  /** Stored users that change (disabled or enabled again), with their `updatedAt` set. */
  readonly changes: readonly StoredUser[];
  /** The stored copies those changes were made from (by user ID): the audit's `before`. */
  readonly before: ReadonlyMap<string, StoredUser>;
  readonly decide: LeaverDecision;
}

export interface ReadLeaversDeps {
  readonly config: BridgeConfig;
  readonly graph: GraphApi;
  readonly users: UserStore;
  readonly now: () => number;
}

/**
 * Reads one users/delta round and decides which stored users change. Only stored users are
 * looked at: a few changed accounts are point reads (when users are named by `oid`), a full
 * round or many changes one scan of the tenant's users — never a write for an Entra account
 * the platform does not know. `undefined` when the bridge's credential lacks `User.Read.All`
 * (seen in its token's `roles`, or Graph's 403 when the token cannot be read): then the sync
 * follows groups only, and `config check` says what is missing.
 */
export async function readLeavers(
  deps: ReadLeaversDeps,
  options: { deltaLink: string | undefined; graphBaseUrl: string; deadline: number; startedAt: number },
): Promise<LeaverRound | undefined> {
  const permissions = await deps.graph.permissions();
  if (permissions && !permissions.some((p) => USER_DELTA_PERMISSIONS.includes(p))) return undefined;
  let round: DeltaRound<UserDeltaItem>;
  try {
    round = await fetchUserDelta(deps.graph, { ...options, now: deps.now });
  } catch (err) {
    if (!permissions && err instanceof GraphFailure && err.reason === 'forbidden') return undefined;
    throw err;
  }
  const at = new Date(deps.now()).toISOString();
  const decide = leaverDecision(round, new Date(options.startedAt).toISOString(), at);
  const tenantId = deps.config.tenantId;
  const before = new Map<string, StoredUser>();
  const changes: StoredUser[] = [];
  const consider = (user: StoredUser | undefined) => {
    const next = user && decide(user);
    if (!user || !next) return;
    before.set(user.userId, user);
    changes.push(next);
  };
  const byOid = deps.config.claims.userId === 'oid';
  if (round.mode === 'incremental' && byOid && round.items.size <= POINT_READ_LIMIT) {
    for (const id of round.items.keys()) consider(await deps.users.get(tenantId, id));
  } else if (round.mode === 'full' || round.items.size > 0) {
    for await (const user of deps.users.all(tenantId)) consider(user);
  }
  return { round, changes, before, decide };
}
