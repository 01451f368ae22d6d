import type { SyncRun } from './syncRun';
import type { SyncCursor, SyncRecord } from './syncState';

/** `GET /api/admin/directory`. */
export interface DirectoryStatus {
  /** A full round has completed once: OIDs unknown to the directory are then reported as such. */
  readonly synced: boolean;
  /** Live groups in the directory. */
  readonly groups: number;
  readonly version: number;
  readonly lastFullSyncAt: string | null;
  readonly lastSuccessAt: string | null;
  /** A run holds the directory now. */
  readonly running: boolean;
  /** `GRAPH_SYNC_SCHEDULE` (NCRONTAB). */
  readonly schedule: string;
  /** Next timer occurrence as the host reported it at the last timer run; null before that. */
  readonly nextRunAt: string | null;
  readonly lastRun: SyncRun | null;
}

/** Builds the status answer from the sync's stored state. Pure. */
export function describeStatus(input: {
  cursor: SyncCursor;
  record: SyncRecord;
  liveGroups: number;
  schedule: string;
  now: number;
}): DirectoryStatus {
  const { cursor, record } = input;
  return {
    synced: cursor.fullSyncAt !== undefined,
    groups: input.liveGroups,
    version: cursor.version,
    lastFullSyncAt: cursor.fullSyncAt ?? null,
    lastSuccessAt: record.lastSuccessAt ?? null,
    running: cursor.leaseUntil !== undefined && Date.parse(cursor.leaseUntil) > input.now,
    schedule: input.schedule,
    nextRunAt: record.nextRunAt ?? null,
    lastRun: record.lastRun ?? null,
  };
}
