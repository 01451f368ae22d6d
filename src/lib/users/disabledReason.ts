/** Who disabled a stored user: an administrator, or the directory sync following Entra. */
export type DisabledBy = 'admin' | 'directory-sync';

/**
 * Why a stored user is disabled. The sync only ever enables again users it disabled itself
 * (`entra_account_*`); an administrator's `admin_disabled` stays until an administrator lifts it.
 */
export type DisabledReason = 'admin_disabled' | 'entra_account_disabled' | 'entra_account_deleted';

export const DISABLED_REASONS: readonly DisabledReason[] = [
  'admin_disabled',
  'entra_account_disabled',
  'entra_account_deleted',
];
