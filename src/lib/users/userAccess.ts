import type { BridgeConfig } from '../config/bridgeConfig';
import type { DisabledReason } from './disabledReason';
import type { StoredUser } from './storedUser';

/** A sign-in refusal decided from the stored user alone (before any mapping or write). */
export interface AccessRefusal {
  readonly reason: 'user_disabled' | 'user_not_provisioned';
  readonly message: string;
  /** For `user_disabled`: why the account is disabled. */
  readonly disabledReason?: DisabledReason;
}

const DISABLED_MESSAGES: Record<DisabledReason, string> = {
  admin_disabled: 'This user is disabled on the platform by an administrator.',
  entra_account_disabled: 'This user is disabled on the platform: the Entra account is disabled.',
  entra_account_deleted: 'This user is disabled on the platform: the Entra account was deleted.',
};

/**
 * The one decision sign-in and explain share about the stored user: a disabled user is refused
 * (`user_disabled`, with the reason), and with `OAUTH_JIT_PROVISIONING=false` a caller with no
 * stored user is refused (`user_not_provisioned`) unless the token makes them an administrator,
 * so that the platform can never lock its administrators out.
 */
export function accessRefusal(
  config: Pick<BridgeConfig, 'jitProvisioning'>,
  stored: Pick<StoredUser, 'disabled' | 'disabledReason'> | undefined,
  isAdmin: boolean,
): AccessRefusal | undefined {
  if (stored?.disabled) {
    const disabledReason = stored.disabledReason ?? 'admin_disabled';
    return { reason: 'user_disabled', message: DISABLED_MESSAGES[disabledReason], disabledReason };
  }
  if (!stored && !config.jitProvisioning && !isAdmin) {
    return {
      reason: 'user_not_provisioned',
      message: 'This user is not provisioned on the platform (OAUTH_JIT_PROVISIONING=false).',
    };
  }
  return undefined;
}
