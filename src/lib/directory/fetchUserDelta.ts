import type { GraphApi } from '../graph/graphApi';
import { type DeltaOptions, type DeltaRound, fetchDelta, readDeltaItem } from './fetchGroupDelta';

/** One user as a users/delta page reports it: its account state, or its removal. */
export type UserDeltaItem =
  | { readonly id: string; readonly removed: false; readonly accountEnabled: boolean | undefined }
  | { readonly id: string; readonly removed: true; readonly reason: string };

/**
 * First page of a full users round: only what the lifecycle needs
 * (https://learn.microsoft.com/graph/api/user-delta). Application permission `User.Read.All`.
 */
export const USERS_FULL_ROUND_URL = '/users/delta?$select=id,accountEnabled';

/**
 * Application permissions (the `roles` of the bridge's Graph token) that allow users/delta;
 * `User.ReadBasic.All` does not (it has no `accountEnabled`).
 */
export const USER_DELTA_PERMISSIONS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/**
 * One users/delta round, with the rules of the groups round (saved delta link, resync on
 * `syncStateNotFound`, links only on the Graph host, nothing returned before the last page).
 */
export function fetchUserDelta(graph: GraphApi, options: DeltaOptions): Promise<DeltaRound<UserDeltaItem>> {
  return fetchDelta(graph, { fullRoundUrl: USERS_FULL_ROUND_URL, readItem: readUserItem }, options);
}

function readUserItem(raw: Record<string, unknown>): UserDeltaItem | undefined {
  // `changed`: in deleted items (restorable for 30 days); `deleted`: gone. Either way the account cannot sign in.
  return readDeltaItem(raw, (id) => ({
    id,
    removed: false as const,
    accountEnabled: typeof raw.accountEnabled === 'boolean' ? raw.accountEnabled : undefined,
  }));
}
