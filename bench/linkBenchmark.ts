/**
 * Link-change benchmark: a platform group's links change on a directory of 50,000 groups
 * with 20,000 stored users, of whom a few hundred carry the linked object ID. Through the
 * admin use case the API runs (`saveCatalogEntry`), on Azurite; counts the Table requests
 * by kind. Expected: the users are read once (one request per 1,000), only affected users
 * are written (one transaction per 100), the directory is not read again.
 *
 *   npm run build && node dist/bench/linkBenchmark.js [--quick]
 */
import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { startAzuriteTables } from '../dev/azurite';
import { countTableRequestsByKind } from './tableCounters';
import { DEMO_TENANT } from '../dev/demoTenant';
import { type CatalogChangeDeps, saveCatalogEntry } from '../src/lib/admin/catalogChanges';
import { createBridge } from '../src/lib/bridge';
import { createDirectoryStore } from '../src/lib/directory/directoryStore';
import type { DirectoryGroup } from '../src/lib/directory/directoryView';
import { createSyncStateStore } from '../src/lib/directory/syncState';
import { toUserEntity } from '../src/lib/users/userEntity';
import { newStoredUser } from '../src/lib/users/storedUser';
import { benchSettings } from './benchSettings';

export interface LinkBenchRecord {
  readonly change: string;
  readonly groups: number;
  readonly users: number;
  readonly affected: number;
  readonly 'users recomputed': number;
  readonly 'Table reads': number;
  readonly 'Table writes': number;
  readonly 'wall ms': number;
}

export interface LinkBenchSize {
  readonly groups: number;
  readonly users: number;
  readonly affected: number;
}

/** Runs the link changes against a fresh set of tables on `connectionString`. */
export async function runLinkBenchmark(
  connectionString: string,
  size: LinkBenchSize,
): Promise<LinkBenchRecord[]> {
  const tenantId = DEMO_TENANT.tenantId;
  const settings = {
    ...benchSettings('link', {
      authorityUrl: 'https://127.0.0.1:1',
      graphUrl: 'https://127.0.0.1:1',
      tablesConnection: connectionString,
    }),
    BRIDGE_USER_CACHE_SECONDS: '0',
    // Azurite pages a 50,000-group partition slowly on a loaded machine; this measures requests, not latency.
    BRIDGE_STORAGE_TIMEOUT_SECONDS: '60',
  };
  const bridge = await createBridge(settings);
  const at = new Date().toISOString();
  const groups: DirectoryGroup[] = Array.from({ length: size.groups }, (_, i) => ({
    id: randomUUID(),
    displayName: `Group ${i}`,
    onPremisesSamAccountName: null,
    securityEnabled: true,
    deleted: false,
    lastSeenAt: at,
  }));
  await createDirectoryStore(bridge.tables.directory, tenantId).write(groups);
  const state = createSyncStateStore(bridge.tables.state);
  const { cursor } = await state.read(tenantId);
  await state.saveCursor(tenantId, { ...cursor, version: 1, usersVersion: 1, fullSyncAt: at });

  const linked = groups[0]?.id ?? '';
  const other = groups[1]?.id ?? '';
  // Users carry random other groups, never the two this benchmark links.
  const pick = () => groups[2 + Math.floor(Math.random() * (groups.length - 2))]?.id ?? '';
  const users = await bridge.tables.users.ready();
  for (let i = 0; i < size.users; i += 100) {
    const batch: TransactionAction[] = [];
    for (let j = i; j < Math.min(i + 100, size.users); j++) {
      const values = [pick(), pick(), pick(), pick(), ...(j < size.affected ? [linked] : [])];
      const user = newStoredUser(
        { tenantId, userId: randomUUID(), oid: randomUUID(), at },
        { claimValues: { groups: values, roles: [], isAdmin: [] }, groups: ['Everyone'] },
      );
      batch.push(['create', { ...toUserEntity(user) }]);
    }
    await users.submitTransaction(batch);
  }
  await bridge.catalog.put('group', 'Everyone', {});
  await bridge.catalog.put('group', 'Bench', {});
  await bridge.directory.view(); // the instance's directory view, as a warm instance has it

  const counts = countTableRequestsByKind([
    bridge.tables.users.client,
    bridge.tables.catalog.client,
    bridge.tables.directory.client,
    bridge.tables.state.client,
  ]);
  const deps: CatalogChangeDeps = {
    config: bridge.config,
    catalog: bridge.catalog,
    users: bridge.users,
    usersTable: bridge.tables.users,
    directory: () => bridge.directory.view(),
    now: Date.now,
  };
  const records: LinkBenchRecord[] = [];
  const measure = async (change: string, ids: string[]) => {
    const before = { ...counts };
    const started = performance.now();
    const result = await saveCatalogEntry(deps, 'group', 'Bench', { entraGroupIds: ids }, 'patch');
    records.push({
      change,
      ...size,
      'users recomputed': result.usersRecomputed,
      'Table reads': counts.reads - before.reads,
      'Table writes': counts.writes - before.writes,
      'wall ms': Math.round(performance.now() - started),
    });
  };
  await measure('link an object ID the affected users carry', [linked]);
  await measure('link one more that nobody carries', [linked, other]);
  await measure('unlink the first', [other]);
  return records;
}

export const LINK_SIZES = {
  full: { groups: 50_000, users: 20_000, affected: 200 },
  quick: { groups: 5_000, users: 2_000, affected: 20 },
};

if (require.main === module) {
  void (async () => {
    const azurite = await startAzuriteTables();
    try {
      const size = process.argv.includes('--quick') ? LINK_SIZES.quick : LINK_SIZES.full;
      for (const r of await runLinkBenchmark(azurite.connectionString, size))
        process.stdout.write(`${JSON.stringify(r)}\n`);
    } finally {
      await azurite.stop();
    }
  })();
}
