import type { BridgeConfig } from '../config/bridgeConfig';
import type { GraphApi } from '../graph/graphApi';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTable } from '../storage/tables';
import type { UserStore } from '../users/userStore';
import type { DirectoryCache } from './directoryCache';
import type { DirectoryStore } from './directoryStore';
import type { SyncRun } from './syncRun';
import type { SyncStateStore } from './syncState';
import type { RequestCounter } from './tableRequestCounter';

/** What a directory sync run reads and writes. */
export interface SyncDeps {
  readonly config: BridgeConfig;
  readonly graph: GraphApi;
  readonly store: DirectoryStore;
  readonly state: SyncStateStore;
  readonly cache: DirectoryCache;
  readonly users: UserStore;
  readonly usersTable: BridgeTable;
  readonly catalog: () => Promise<PlatformCatalog>;
  readonly tableRequests: RequestCounter;
  /** Removes audit entries older than the ISO time given; returns how many. */
  readonly purgeAudit?: (cutoff: string) => Promise<number>;
  readonly now: () => number;
}

export interface SyncRequest {
  readonly trigger: SyncRun['trigger'];
  /** Next occurrence from the timer's schedule status. */
  readonly nextRunAt?: string;
  /** The invocation ID (or trace ID) the run's audit entries carry. */
  readonly correlationId?: string;
}
