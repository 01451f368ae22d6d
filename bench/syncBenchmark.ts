/**
 * Directory sync benchmark (issue 3): full and incremental `groups/delta` syncs over 1k, 10k
 * and 50k groups, against the local Graph (TLS) and Azurite, through the real bridge code
 * (`createBridge`, Graph SDK, @azure/identity). Prints Graph requests, Table requests (and
 * which of them wrote) and wall time per run.
 *
 *   npm run build && node dist/bench/syncBenchmark.js [sizes…]     e.g. `… 10000`
 *
 * Targets: full 10,000-group sync ≤ 15 Graph and ≤ 120 Table requests; an unchanged
 * incremental run ≤ 2 Graph requests and no directory or user writes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableClient } from '@azure/data-tables';
import { startAzuriteTables } from '../dev/azurite';
import { DEMO_CATALOG, demoSettings } from '../dev/demoSettings';
import { DEMO_GROUPS, demoUser } from '../dev/demoTenant';
import { startLocalIdentity } from '../dev/localIdentity';
import { createDevCa, issueServerCert } from '../dev/tls';
import { createBridge } from '../src/lib/bridge';
import type { SyncRun } from '../src/lib/directory/syncRun';

const ARGS = process.argv.slice(2);
/** Explicit sizes win; `--quick` leaves out 50k (Azurite needs minutes for 500 transactions). */
const SIZES = ARGS.map(Number).filter((n) => n > 0);
const DEFAULT_SIZES = ARGS.includes('--quick') ? [1000, 10_000] : [1000, 10_000, 50_000];

/** Counts a table client's requests that write (anything but GET: inserts, updates, `$batch`). */
function countWrites(client: TableClient): { readonly n: number } {
  const cell = { n: 0 };
  client.pipeline.addPolicy({
    name: 'benchWriteCounter',
    sendRequest: (request, next) => {
      if (request.method !== 'GET') cell.n += 1;
      return next(request);
    },
  });
  return cell;
}

async function benchSize(size: number, caDir: string, connection: string): Promise<void> {
  const ca = {
    certPem: readFileSync(join(caDir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(caDir, 'ca-key.pem'), 'utf8'),
  };
  const identity = await startLocalIdentity({ tls: await issueServerCert(ca) });
  try {
    identity.graph.directory.addGroups(size - identity.graph.directory.groups().length, 'Bench');
    const settings = {
      ...demoSettings({
        authorityUrl: identity.authority.url,
        graphUrl: identity.graph.url,
        tablesConnection: connection,
        port: 7071,
      }),
      BRIDGE_TABLE_PREFIX: `b${randomBytes(4).toString('hex')}`,
    };
    const bridge = await createBridge(settings);
    for (const name of DEMO_CATALOG.groups) await bridge.catalog.put('group', name, '');
    // One stored user, so the user recomputation is part of the measurement.
    const token = await identity.authority.userToken({
      user: demoUser('bob'),
      overrides: { groups: [DEMO_GROUPS.analysts.id, 'Restricted'] },
    });
    await bridge.signIn(await bridge.verifier.verify(token));
    const writes = {
      directory: countWrites(bridge.tables.directory.client),
      users: countWrites(bridge.tables.users.client),
      state: countWrites(bridge.tables.state.client),
    };

    const measure = async (label: string) => {
      const before = {
        d: writes.directory.n,
        u: writes.users.n,
        s: writes.state.n,
        g: identity.graph.stats.requests,
      };
      const started = performance.now();
      const run: SyncRun = await bridge.directory.sync({ trigger: 'manual' });
      const wallMs = Math.round(performance.now() - started);
      if (run.outcome !== 'succeeded')
        throw new Error(`${label}: ${run.outcome} ${JSON.stringify(run.error)}`);
      console.log(
        [
          String(size).padStart(6),
          label.padEnd(26),
          String(identity.graph.stats.requests - before.g).padStart(6),
          String(run.tableRequests).padStart(6),
          `${writes.directory.n - before.d}/${writes.users.n - before.u}/${writes.state.n - before.s}`.padStart(
            10,
          ),
          `${wallMs} ms`.padStart(10),
          `  seen=${run.groupsSeen} added=${run.added} renamed=${run.renamed} users=${run.usersRecomputed}`,
        ].join(' '),
      );
    };
    await measure('full');
    await measure('incremental, unchanged');
    const groups = identity.graph.directory.groups();
    for (const group of groups.slice(0, 10))
      identity.graph.directory.renameGroup(group.id, `${group.displayName} (renamed)`);
    await measure('incremental, 10 renamed');
    identity.graph.expireDeltaTokens();
    await measure('full resync, unchanged');
  } finally {
    await identity.close();
  }
}

async function child(): Promise<void> {
  const caDir = process.env.BENCH_CA_DIR ?? '';
  const azurite = await startAzuriteTables({ silent: true });
  try {
    console.log('groups run                         Graph  Table  writes d/u/s       wall');
    for (const size of SIZES.length > 0 ? SIZES : DEFAULT_SIZES) {
      await benchSize(size, caDir, azurite.connectionString);
    }
    console.log(
      'Graph = HTTPS requests the local Graph received (retries included); Table = requests of the run;',
    );
    console.log(
      'writes = write requests to the directory / users / state tables (a $batch of ≤100 counts once).',
    );
  } finally {
    await azurite.stop();
  }
}

/** Graph's SDK uses the global fetch, which trusts extra CAs only from NODE_EXTRA_CA_CERTS at start. */
async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  try {
    const ca = await createDevCa('entra-bridge sync benchmark CA');
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'ca-key.pem'), ca.keyPem, { mode: 0o600 });
    const proc = spawn(process.execPath, [__filename, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        BENCH_CA_DIR: dir,
        BENCH_SYNC_CHILD: '1',
      },
    });
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    process.exitCode = code ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.env.BENCH_SYNC_CHILD ? child() : parent()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
