import type { BridgeConfig } from '../config/bridgeConfig';
import type { GraphApi } from '../graph/graphApi';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTables } from '../storage/tables';
import type { CachedUserStore } from '../users/cachedUserStore';
import { purgeAudit } from '../audit/auditLog';
import { createDirectoryCache, type DirectoryCache } from './directoryCache';
import { describeStatus, type DirectoryStatus } from './directoryStatus';
import { createDirectoryStore, type DirectoryStore } from './directoryStore';
import type { DirectoryView } from './directoryView';
import { createOverageResolver, type OverageResolver } from './overageGroups';
import { runDirectorySync } from './runDirectorySync';
import type { SyncRequest } from './syncDeps';
import type { SyncRun } from './syncRun';
import { createSyncStateStore, type SyncStateStore } from './syncState';
import { countTableRequests } from './tableRequestCounter';

export interface DirectoryServiceDeps {
  readonly config: BridgeConfig;
  readonly tables: BridgeTables;
  /** The instance's cached user store: a sync writes users in Table transactions, past its cache. */
  readonly users: CachedUserStore;
  readonly graph: GraphApi;
  readonly catalog: () => Promise<PlatformCatalog>;
  readonly now: () => number;
}

/** The synchronised Entra directory of one bridge instance: its view, sync runs, status and overage look-ups. */
export class DirectoryService {
  private readonly store: DirectoryStore;
  private readonly state: SyncStateStore;
  private readonly cache: DirectoryCache;
  private readonly overage: OverageResolver;
  private tableRequests: ReturnType<typeof countTableRequests> | undefined;

  constructor(private readonly deps: DirectoryServiceDeps) {
    const { config, tables, now } = deps;
    this.store = createDirectoryStore(tables.directory, config.tenantId);
    this.state = createSyncStateStore(tables.state);
    this.cache = createDirectoryCache({
      store: this.store,
      state: this.state,
      tenantId: config.tenantId,
      caseSensitive: config.caseSensitiveMatching,
      now,
    });
    this.overage = createOverageResolver({
      graph: deps.graph,
      membershipClaims: config.graph.groupMembershipClaims,
      applicationId: config.applicationId,
      graphBaseUrl: config.graph.baseUrl,
      cacheSeconds: config.graph.overageCacheSeconds,
      now,
    });
  }

  /** The directory as the mapping sees it (cached, see `createDirectoryCache`). */
  view(): Promise<DirectoryView> {
    return this.cache.view();
  }

  /**
   * Runs a sync now; never throws for Graph or storage failures (see the run's outcome).
   * Afterwards the instance's user cache starts afresh: the run rewrote users past it.
   */
  sync(request: SyncRequest): Promise<SyncRun> {
    const { config, tables, now } = this.deps;
    this.tableRequests ??= countTableRequests([
      tables.directory.client,
      tables.state.client,
      tables.users.client,
    ]);
    return runDirectorySync(
      {
        config,
        graph: this.deps.graph,
        store: this.store,
        state: this.state,
        cache: this.cache,
        users: this.deps.users,
        usersTable: tables.users,
        catalog: this.deps.catalog,
        tableRequests: this.tableRequests,
        purgeAudit: (cutoff) => purgeAudit(tables, config.tenantId, cutoff),
        now,
      },
      request,
    ).finally(() => this.deps.users.forgetAll());
  }

  async status(): Promise<DirectoryStatus> {
    const { config, now } = this.deps;
    const [{ cursor, record }, view] = await Promise.all([
      this.state.read(config.tenantId),
      this.cache.view(),
    ]);
    return describeStatus({
      cursor,
      record,
      liveGroups: view.size,
      schedule: config.graph.syncSchedule,
      now: now(),
    });
  }

  /** Transitive group OIDs of a user whose token had group overage. */
  overageGroups(userOid: string): Promise<readonly string[]> {
    return this.overage.groupsOf(userOid);
  }
}
