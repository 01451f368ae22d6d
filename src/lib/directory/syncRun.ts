import type { Reason } from '../reasons';
/** How a directory sync run ended. */
export type SyncOutcome =
  | 'succeeded' // the round was applied and its delta link saved
  | 'failed' // Graph or storage failed: the previous directory and delta link are kept
  | 'skipped'; // another run held the directory (lease) or moved the cursor first

/** One run, as the status endpoint reports it. */
export interface SyncRun {
  readonly trigger: 'timer' | 'manual';
  /** `full`: listing every group (first run, or the delta token expired); `incremental`: changes only. */
  readonly mode: 'full' | 'incremental' | undefined;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly outcome: SyncOutcome;
  /** Groups Graph reported in this round (all live groups for a full round). */
  readonly groupsSeen: number;
  readonly added: number;
  readonly renamed: number;
  /** Other property changes (sAMAccountName, securityEnabled). */
  readonly updated: number;
  readonly deleted: number;
  readonly usersRecomputed: number;
  /** False when the bridge's credential lacks `User.Read.All`: users/delta was not asked. */
  readonly usersFollowed: boolean;
  /** Accounts users/delta reported in this round (all accounts for a full round). */
  readonly accountsSeen: number;
  /** Stored users disabled because Entra disabled or deleted their account, and enabled again. */
  readonly usersDisabled: number;
  readonly usersEnabled: number;
  /** Audit entries older than `BRIDGE_AUDIT_RETENTION_DAYS` removed by this run. */
  readonly auditRemoved: number;
  readonly graphRequests: number;
  readonly tableRequests: number;
  /** Directory version after the run. */
  readonly version: number;
  readonly error: { readonly code: Reason; readonly message: string } | null;
}
