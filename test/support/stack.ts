import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { DEMO_CATALOG, demoSettings, type SeedCatalog, seedCatalog } from '../../dev/demoSettings';
import { DEMO_TENANT, type DemoTenant } from '../../dev/demoTenant';
import { freePort } from '../../dev/freePort';
import { type LocalIdentity, startLocalIdentity } from '../../dev/localIdentity';
import { createCatalogStore } from '../../src/lib/catalog/catalogStore';
import { createTables } from '../../src/lib/storage/tables';
import { serverTls, testCa } from './testCa';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface Stack extends LocalIdentity {
  /** `http://127.0.0.1:PORT` of the Functions host. */
  readonly url: string;
  /** The app settings the host runs with. */
  readonly settings: Record<string, string>;
  readonly tenant: DemoTenant;
  /** Everything the host printed (stdout and stderr), for log assertions. */
  readonly logs: () => string;
  /** A Table client on one of the bridge's tables of this stack. */
  table(name: 'Users' | 'Catalog' | 'DirectoryGroups' | 'State'): TableClient;
  /** Number of entities in a table of this stack (audit rows, which share partitions with what they describe, not counted). */
  count(name: 'Users' | 'Catalog' | 'DirectoryGroups' | 'State'): Promise<number>;
  /**
   * A second Functions host on the same settings, tables and authority: another instance of
   * the same app, as scale-out runs it (set BRIDGE_SIGNING_KEYS so both sign alike).
   * Stopped with the stack.
   */
  startInstance(): Promise<{ url: string }>;
  /** Restarts the host process, optionally with changed settings. */
  restartHost(changes?: Record<string, string | undefined>): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Settings on top of the demo ones; `undefined` removes one. */
  settings?: Record<string, string | undefined>;
  /** Platform groups and roles created before the host starts (default: the demo catalog). */
  catalog?: SeedCatalog;
}

/**
 * A complete stack for one test file: local authority and Graph (TLS, test CA), the
 * Functions host running the built app (`dist/`) exactly as `npm start` does, and its own
 * tables in the shared Azurite (a random table prefix keeps files apart).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const tenant = structuredClone(DEMO_TENANT);
  const identity = await startLocalIdentity({
    tls: await serverTls(),
    tenant,
    deviceCodeIntervalSeconds: 1,
    authorityBrowserPort: 0,
  });
  const sharedAzurite = process.env.TEST_TABLES_CONNECTION;
  if (!sharedAzurite) throw new Error('TEST_TABLES_CONNECTION is not set: run through vitest (global setup)');
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const port = await freePort();
  let settings = clean({
    ...demoSettings({
      authorityUrl: identity.authority.url,
      graphUrl: identity.graph.url,
      tablesConnection: sharedAzurite,
      port,
      browserAuthorityUrl: identity.authority.browserUrl,
    }),
    BRIDGE_TABLE_PREFIX: prefix,
    GRAPH_SYNC_SCHEDULE: '0 0 0 1 1 *',
    // Tests change tables behind the bridge's back; the per-instance user cache is unit-tested.
    BRIDGE_USER_CACHE_SECONDS: '0',
    ...options.settings,
  });
  const connection = settings.TABLES_CONNECTION ?? sharedAzurite;
  const catalog = options.catalog ?? DEMO_CATALOG;
  const store = createCatalogStore(
    createTables({ connectionString: connection, tableServiceUri: undefined, tablePrefix: prefix }).catalog,
  );
  await seedCatalog(store, catalog);

  let output = '';
  let child: ChildProcess | undefined;
  const extra: ChildProcess[] = [];
  const spawnHost = async (hostSettings: Record<string, string>): Promise<ChildProcess> => {
    const proc = spawn(
      process.execPath,
      [require.resolve('@entra-bridge/functions-host/main'), '--app-dir', REPO_ROOT, '--no-local-settings'],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: testCa().path, ...hostSettings },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let own = '';
    await new Promise<void>((resolvePromise, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        own += chunk.toString();
        if (own.includes('Host started on')) resolvePromise();
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`host exited (${code}):\n${own.slice(-2000)}`)));
    });
    return proc;
  };
  const startHost = async () => {
    child = await spawnHost(settings);
  };
  const stopHost = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  };
  await startHost();
  const table = (name: string) =>
    TableClient.fromConnectionString(connection, `${prefix}${name}`, { allowInsecureConnection: true });

  return {
    ...identity,
    url: `http://127.0.0.1:${port}`,
    get settings() {
      return settings;
    },
    tenant,
    logs: () => output,
    table,
    async count(name) {
      let n = 0;
      try {
        for await (const entity of table(name).listEntities())
          if (!String(entity.rowKey).startsWith('%~')) n += 1;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
      return n;
    },
    async startInstance() {
      const extraPort = await freePort();
      // Instances behind one app share its host name, hence its issuer; the signing keys
      // must be shared through BRIDGE_SIGNING_KEYS (required in Azure for this reason).
      const issuer = settings.BRIDGE_ISSUER ?? `http://127.0.0.1:${port}/api`;
      extra.push(await spawnHost({ ...settings, PORT: String(extraPort), BRIDGE_ISSUER: issuer }));
      return { url: `http://127.0.0.1:${extraPort}` };
    },
    async restartHost(changes = {}) {
      await stopHost();
      settings = clean({ ...settings, ...changes });
      await startHost();
    },
    async stop() {
      await stopHost();
      for (const proc of extra.splice(0)) {
        if (proc.exitCode !== null) continue;
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      await identity.close();
    },
  };
}

function clean(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}
