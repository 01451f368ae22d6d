/**
 * Directory sync benchmark: full and incremental `groups/delta` syncs over 1k, 10k
 * and 50k groups, against the local Graph (TLS) and Azurite, through the real bridge code
 * (`createBridge`, Graph SDK, @azure/identity). Measures Graph requests, Table requests (and
 * which of them wrote) and wall time per run.
 *
 *   npm run build && node dist/bench/syncBenchmark.js [sizes…] [--quick]     e.g. `… 10000`
 *
 * `bench/syncRows.ts` calls {@link runSyncBenchmark}; importing this module runs nothing.
 * Targets: full 10,000-group sync ≤ 15 Graph and ≤ 120 Table requests; an unchanged
 * incremental run ≤ 2 Graph requests and no directory or user writes; linear growth.
 */
import { signInUser } from '../src/lib/users/signInUser';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countWrites } from './tableCounters';
import { type AzuriteTables, startAzuriteTables } from '../dev/azurite';
import { DEMO_CATALOG, seedCatalog } from '../dev/demoSettings';
import { DEMO_GROUPS, demoUser } from '../dev/demoTenant';
import { startLocalIdentity } from '../dev/localIdentity';
import { benchSettings } from './benchSettings';
import { createDevCa, issueServerCert, type PemPair } from '../dev/tls';
import { createBridge } from '../src/lib/bridge';

/** One sync run at one directory size. */
export type SyncBenchRecord = {
  /** Live groups in the local Graph. */
  readonly groups: number;
  readonly run: (typeof RUNS)[number];
  /** HTTPS requests the local Graph received (retries included). */
  readonly 'Graph requests': number;
  /** Table requests of the run, as the run record counts them. */
  readonly 'Table requests': number;
  /** Write requests to the directory / users / state tables (a `$batch` of ≤100 counts once). */
  readonly 'writes d/u/s': string;
  readonly 'wall ms': number;
  /** CPU time of the benchmark process (bridge and local Graph) plus Azurite's, during the run. */
  readonly 'CPU ms': number;
  readonly seen: number;
  readonly added: number;
  readonly renamed: number;
  readonly 'users recomputed': number;
};

/** The runs measured at each size, in this order. */
export const RUNS = [
  'full',
  'incremental, unchanged',
  'incremental, 10 renamed',
  'full resync, unchanged',
] as const;

export interface SyncBenchOptions {
  /** Called as each run finishes (default: a text line on stderr). */
  onRecord?: (record: SyncBenchRecord) => void;
}

/**
 * Runs the benchmark for each size (1k, 10k, 50k…) in a child process and returns one record
 * per (size, run). A child, because the Graph SDK uses the global `fetch`, which trusts extra
 * CAs only from `NODE_EXTRA_CA_CERTS` at process start, and the CA of the local Graph is made
 * here; the child also starts its own Azurite, so the caller's stack is left alone.
 *
 * @example
 * const records = await runSyncBenchmark([1000, 10_000]);
 */
export async function runSyncBenchmark(
  sizes: number[],
  options: SyncBenchOptions = {},
): Promise<SyncBenchRecord[]> {
  const onRecord = options.onRecord ?? ((r) => process.stderr.write(`${formatRecord(r)}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  try {
    const ca = await createDevCa('entra-bridge sync benchmark CA');
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'ca-key.pem'), ca.keyPem, { mode: 0o600 });
    const proc = spawn(process.execPath, [__filename, ...sizes.map(String)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), BENCH_SYNC_CHILD: dir },
    });
    const records: SyncBenchRecord[] = [];
    proc.on('message', (record: SyncBenchRecord) => {
      records.push(record);
      onRecord(record);
    });
    const code = await new Promise<number | null>((resolve) => proc.once('close', resolve));
    if (code !== 0) throw new Error(`directory-sync benchmark: the child exited with ${code} (see stderr)`);
    return records;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const HEADER = 'groups run                         Graph  Table  writes d/u/s       wall        CPU';

/** One line of the text table, under {@link HEADER}. */
export function formatRecord(r: SyncBenchRecord): string {
  return [
    String(r.groups).padStart(6),
    r.run.padEnd(26),
    String(r['Graph requests']).padStart(6),
    String(r['Table requests']).padStart(6),
    r['writes d/u/s'].padStart(10),
    `${r['wall ms']} ms`.padStart(10),
    `${r['CPU ms']} ms`.padStart(10),
    `  seen=${r.seen} added=${r.added} renamed=${r.renamed} users=${r['users recomputed']}`,
  ].join(' ');
}

/** CPU milliseconds of a process from `/proc/<pid>/stat` (utime + stime, in clock ticks of 10 ms). */
function procCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN; // not Linux: the CPU column stays empty
  }
}

async function benchSize(
  size: number,
  ca: PemPair,
  azurite: AzuriteTables,
  send: (record: SyncBenchRecord) => Promise<void>,
): Promise<void> {
  const identity = await startLocalIdentity({ tls: await issueServerCert(ca) });
  try {
    const directory = identity.graph.directory;
    directory.addGroups(Math.max(0, size - directory.groups().length), 'Bench');
    const groups = directory.groups().length;
    const settings = benchSettings('b', {
      authorityUrl: identity.authority.url,
      graphUrl: identity.graph.url,
      tablesConnection: azurite.connectionString,
    });
    const bridge = await createBridge(settings);
    await seedCatalog(bridge.catalog, { groups: DEMO_CATALOG.groups, roles: [] });
    // One stored user, so the user recomputation is part of the measurement.
    const token = await identity.authority.userToken({
      user: demoUser('bob'),
      overrides: { groups: [DEMO_GROUPS.analysts.id, 'Restricted'] },
    });
    await signInUser(bridge, await bridge.verifier.verify(token));
    const writes = {
      d: countWrites(bridge.tables.directory.client),
      u: countWrites(bridge.tables.users.client),
      s: countWrites(bridge.tables.state.client),
    };

    const cpuMs = () => {
      const own = process.cpuUsage();
      return (own.user + own.system) / 1000 + procCpuMs(azurite.pid);
    };
    const measure = async (run: SyncBenchRecord['run']) => {
      const before = { d: writes.d.n, u: writes.u.n, s: writes.s.n, g: identity.graph.stats.requests };
      const started = performance.now();
      const cpuBefore = cpuMs();
      const result = await bridge.directory.sync({ trigger: 'manual' });
      const wallMs = Math.round(performance.now() - started);
      const cpu = Math.round(cpuMs() - cpuBefore);
      if (result.outcome !== 'succeeded')
        throw new Error(`${size} ${run}: ${result.outcome} ${JSON.stringify(result.error)}`);
      await send({
        groups,
        run,
        'Graph requests': identity.graph.stats.requests - before.g,
        'Table requests': result.tableRequests,
        'writes d/u/s': `${writes.d.n - before.d}/${writes.u.n - before.u}/${writes.s.n - before.s}`,
        'wall ms': wallMs,
        'CPU ms': cpu,
        seen: result.groupsSeen,
        added: result.added,
        renamed: result.renamed,
        'users recomputed': result.usersRecomputed,
      });
    };
    await measure('full');
    await measure('incremental, unchanged');
    for (const group of directory.groups().slice(0, 10))
      directory.renameGroup(group.id, `${group.displayName} (renamed)`);
    await measure('incremental, 10 renamed');
    identity.graph.expireDeltaTokens();
    await measure('full resync, unchanged');
  } finally {
    await identity.close();
  }
}

/** The child of {@link runSyncBenchmark}: sizes in argv, the CA in `BENCH_SYNC_CHILD`, records over IPC. */
async function child(caDir: string): Promise<void> {
  const ca = {
    certPem: readFileSync(join(caDir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(caDir, 'ca-key.pem'), 'utf8'),
  };
  const send = (record: SyncBenchRecord) =>
    new Promise<void>((resolve, reject) => {
      if (!process.send) throw new Error('syncBenchmark child: no IPC channel (use runSyncBenchmark)');
      process.send(record, undefined, undefined, (err) => (err ? reject(err) : resolve()));
    });
  const azurite = await startAzuriteTables({ silent: true });
  try {
    for (const size of process.argv.slice(2).map(Number)) {
      await benchSize(size, ca, azurite, send);
    }
  } finally {
    await azurite.stop();
    process.disconnect?.();
  }
}

async function cli(args: string[]): Promise<void> {
  const sizes = args.map(Number).filter((n) => n > 0);
  const defaults = args.includes('--quick') ? [1000, 10_000] : [1000, 10_000, 50_000];
  console.log(HEADER);
  await runSyncBenchmark(sizes.length > 0 ? sizes : defaults, {
    onRecord: (r) => console.log(formatRecord(r)),
  });
  console.log(
    'Graph = HTTPS requests the local Graph received (retries included); Table = requests of the run;',
  );
  console.log(
    'writes = write requests to the directory / users / state tables (a $batch of ≤100 counts once).',
  );
}

if (require.main === module) {
  const caDir = process.env.BENCH_SYNC_CHILD;
  (caDir ? child(caDir) : cli(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
