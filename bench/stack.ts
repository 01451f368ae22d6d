import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { type AzuriteTables, startAzuriteTables } from '../dev/azurite';
import { DEMO_CATALOG, demoSettings, seedCatalog } from '../dev/demoSettings';
import { DEMO_TENANT, demoUser } from '../dev/demoTenant';
import { type LocalIdentity, startLocalIdentity } from '../dev/localIdentity';
import { createDevCa, issueServerCert, type PemPair, trustingFetch } from '../dev/tls';
import { createCatalogStore } from '../src/lib/catalog/catalogStore';
import { generateSigningKeySet } from '../src/lib/platform/signingKeys';
import { createTables } from '../src/lib/storage/tables';

/** The repository root (`dist/bench/..` → `..`): the function app directory. */
export const REPO_ROOT = resolve(__dirname, '../..');

/** Everything the benchmarks run against, all on 127.0.0.1. */
export interface BenchStack {
  readonly identity: LocalIdentity;
  readonly azurite: AzuriteTables;
  /** The CA of the local authority, and the file that `NODE_EXTRA_CA_CERTS` points at. */
  readonly ca: PemPair & { path: string };
  /** App settings of the bridge (without `PORT`: each host gets its own). */
  readonly settings: Readonly<Record<string, string>>;
  /** A `fetch` of this process that trusts the local CA. */
  readonly fetch: typeof fetch;
  /** A fresh Entra v2 delegated token of the demo user bob, with group names the catalog knows. */
  userToken(): Promise<string>;
  /** The bridge's Users table of this run. */
  usersTable(): TableClient;
  close(): Promise<void>;
}

/**
 * Local authority + Graph (TLS with a CA made here), Azurite's table service, a signing
 * key set generated once, and the demo catalog in tables with a random prefix — the same
 * wiring as `npm start` and the tests, built from `dev/` modules.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-bench-'));
  const caPair = await createDevCa('entra-bridge bench CA');
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, caPair.certPem);
  const identity = await startLocalIdentity({ tls: await issueServerCert(caPair) });
  const azurite = await startAzuriteTables();
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const { PORT: _port, ...demo } = demoSettings({
    authorityUrl: identity.authority.url,
    graphUrl: identity.graph.url,
    tablesConnection: azurite.connectionString,
    port: 0,
  });
  const settings = {
    ...demo,
    BRIDGE_TABLE_PREFIX: prefix,
    BRIDGE_SIGNING_KEYS: JSON.stringify(await generateSigningKeySet()),
    // Keep the directory-sync timer out of the measurements.
    GRAPH_SYNC_SCHEDULE: '0 0 0 1 1 *',
  };
  const tables = createTables({
    connectionString: azurite.connectionString,
    tableServiceUri: undefined,
    tablePrefix: prefix,
  });
  const catalog = createCatalogStore(tables.catalog);
  await seedCatalog(catalog, DEMO_CATALOG);

  return {
    identity,
    azurite,
    ca: { ...caPair, path: caPath },
    settings,
    fetch: trustingFetch(caPair.certPem),
    userToken: () =>
      identity.authority.userToken({
        user: demoUser('bob'),
        tenantId: DEMO_TENANT.tenantId,
        overrides: { groups: ['Restricted', 'Analysts'] },
        lifetimeSeconds: 3600,
      }),
    usersTable: () =>
      TableClient.fromConnectionString(azurite.connectionString, `${prefix}Users`, {
        allowInsecureConnection: true,
      }),
    async close() {
      await identity.close();
      await azurite.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
