import type { StoredUser } from '../users/storedUser';
import type { DisabledReason } from '../users/disabledReason';
import type { DeltaRound } from './fetchGroupDelta';
import type { UserDeltaItem } from './fetchUserDelta';

/** What the sync does to one stored user, given a users/delta round; undefined: nothing. */
export type LeaverDecision = (user: StoredUser) => StoredUser | undefined;

/**
 * The lifecycle rule, as one pure decision the sync applies (and re-applies to a fresh copy
 * after losing a write to a concurrent sign-in):
 * - an account Entra reports disabled (`accountEnabled: false`) or removed (`@removed`, or
 *   absent from a complete full round) disables the stored user with `entra_account_disabled`
 *   or `entra_account_deleted`, `disabledBy: directory-sync`;
 * - an account Entra reports enabled enables again a user the sync disabled — never one an
 *   administrator disabled (`disabledBy: admin` is left alone in every case);
 * - service principals and users without an object ID are not Entra user accounts: untouched.
 * A full round lists every live account, so a stored user missing from it is gone — unless it
 * was stored after the round started (a brand-new account that signed in meanwhile).
 */
export function leaverDecision(
  round: Pick<DeltaRound<UserDeltaItem>, 'mode' | 'items'>,
  roundStartedAt: string,
  at: string,
): LeaverDecision {
  return (user) => {
    if (user.kind !== 'user' || user.oid === '' || user.disabledBy === 'admin') return undefined;
    const item = round.items.get(user.oid.toLowerCase());
    let reason: DisabledReason | 'enabled' | undefined;
    if (item?.removed) reason = 'entra_account_deleted';
    else if (item?.accountEnabled === false) reason = 'entra_account_disabled';
    else if (item?.accountEnabled === true) reason = 'enabled';
    else if (!item && round.mode === 'full' && user.createdAt < roundStartedAt)
      reason = 'entra_account_deleted';
    if (reason === undefined) return undefined;
    if (reason === 'enabled') {
      return user.disabled && user.disabledBy === 'directory-sync'
        ? { ...user, disabled: false, disabledBy: null, disabledReason: null, updatedAt: at }
        : undefined;
    }
    if (user.disabled && user.disabledReason === reason) return undefined;
    return { ...user, disabled: true, disabledBy: 'directory-sync', disabledReason: reason, updatedAt: at };
  };
}
