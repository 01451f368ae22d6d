import type { BridgeConfig } from '../config/bridgeConfig';
import type { GraphApi } from '../graph/graphApi';
import type { PlatformCatalog } from '../mapping/mapAssignments';
import type { BridgeTables } from '../storage/tables';
import type { UserStore } from '../users/userStore';
import { purgeAudit } from '../audit/auditLog';
import { createDirectoryCache } from './directoryCache';
import { describeStatus, type DirectoryStatus } from './directoryStatus';
import { createDirectoryStore } from './directoryStore';
import type { DirectoryView } from './directoryView';
import { createOverageResolver } from './overageGroups';
import { runDirectorySync, type SyncRequest } from './runDirectorySync';
import type { SyncRun } from './syncRun';
import { createSyncStateStore } from './syncState';
import { countTableRequests } from './tableRequestCounter';

/** The synchronised Entra directory of one bridge instance. */
export interface DirectoryService {
  /** The directory as the mapping sees it (cached, see `createDirectoryCache`). */
  view(): Promise<DirectoryView>;
  /** Runs a sync now; never throws for Graph or storage failures (see the run's outcome). */
  sync(request: SyncRequest): Promise<SyncRun>;
  status(): Promise<DirectoryStatus>;
  /** Transitive group OIDs of a user whose token had group overage. */
  overageGroups(userOid: string): Promise<readonly string[]>;
}

export interface DirectoryServiceDeps {
  readonly config: BridgeConfig;
  readonly tables: BridgeTables;
  readonly users: UserStore;
  readonly graph: GraphApi;
  readonly catalog: () => Promise<PlatformCatalog>;
  readonly now: () => number;
}

/** Wires the directory store, sync state, cache, sync runs and overage look-ups. */
export function createDirectoryService(deps: DirectoryServiceDeps): DirectoryService {
  const { config, tables, now } = deps;
  const store = createDirectoryStore(tables.directory, config.tenantId);
  const state = createSyncStateStore(tables.state);
  const cache = createDirectoryCache({
    store,
    state,
    tenantId: config.tenantId,
    caseSensitive: config.caseSensitiveMatching,
    now,
  });
  const overage = createOverageResolver({
    graph: deps.graph,
    membershipClaims: config.graph.groupMembershipClaims,
    applicationId: config.applicationId,
    graphBaseUrl: config.graph.baseUrl,
    cacheSeconds: config.graph.overageCacheSeconds,
    now,
  });
  let tableRequests: ReturnType<typeof countTableRequests> | undefined;
  return {
    view: () => cache.view(),
    sync(request) {
      tableRequests ??= countTableRequests([
        tables.directory.client,
        tables.state.client,
        tables.users.client,
      ]);
      return runDirectorySync(
        {
          config,
          graph: deps.graph,
          store,
          state,
          cache,
          users: deps.users,
          usersTable: tables.users,
          catalog: deps.catalog,
          tableRequests,
          purgeAudit: (cutoff) => purgeAudit(tables, config.tenantId, cutoff),
          now,
        },
        request,
      );
    },
    async status() {
      const [{ cursor, record }, view] = await Promise.all([state.read(config.tenantId), cache.view()]);
      return describeStatus({
        cursor,
        record,
        liveGroups: view.size,
        schedule: config.graph.syncSchedule,
        now: now(),
      });
    },
    overageGroups: (userOid) => overage.groupsOf(userOid),
  };
}
