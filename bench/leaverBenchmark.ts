/**
 * Leaver benchmark: the directory sync following users/delta in a tenant of 100,000 Entra
 * accounts of which 20,000 are stored platform users, then 50 leavers (25 disabled, 25
 * deleted). Through the real bridge (`createBridge`, Graph SDK, @azure/identity) against the
 * local Graph (TLS) and Azurite. Measures Graph and Table requests, user writes, wall time.
 *
 *   npm run build && node dist/bench/leaverBenchmark.js [accounts stored leavers]
 *
 * `bench/leaverRows.ts` calls {@link runLeaverBenchmark}; importing this module runs nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransactionAction } from '@azure/data-tables';
import { startAzuriteTables } from '../dev/azurite';
import { startLocalIdentity } from '../dev/localIdentity';
import { benchSettings } from './benchSettings';
import { createDevCa, issueServerCert } from '../dev/tls';
import { createBridge } from '../src/lib/bridge';
import { newStoredUser, type StoredUser } from '../src/lib/users/storedUser';
import { toUserEntity } from '../src/lib/users/userEntity';
import { countWrites } from './tableCounters';

export interface LeaverBenchRecord {
  readonly run: 'first full round' | 'incremental, 50 leavers' | 'incremental, unchanged';
  readonly accounts: number;
  readonly stored: number;
  readonly 'Graph requests': number;
  readonly 'Table requests': number;
  /** Write requests to the users table (a `$batch` counts once). */
  readonly 'user writes': number;
  readonly 'users disabled': number;
  readonly 'wall ms': number;
}

/** Runs the benchmark in a child process (NODE_EXTRA_CA_CERTS for the local Graph's CA). */
export async function runLeaverBenchmark(
  accounts = 100_000,
  stored = 20_000,
  leavers = 50,
): Promise<LeaverBenchRecord[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leaver-bench-'));
  try {
    const ca = await createDevCa('entra-bridge leaver benchmark CA');
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'ca-key.pem'), ca.keyPem, { mode: 0o600 });
    const proc = spawn(process.execPath, [__filename, String(accounts), String(stored), String(leavers)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), BENCH_LEAVER_CHILD: dir },
    });
    const records: LeaverBenchRecord[] = [];
    proc.on('message', (record: LeaverBenchRecord) => {
      records.push(record);
      process.stderr.write(`${JSON.stringify(record)}\n`);
    });
    const code = await new Promise<number | null>((resolve) => proc.once('close', resolve));
    if (code !== 0) throw new Error(`leaver benchmark: the child exited with ${code} (see stderr)`);
    return records;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(caDir: string, accounts: number, storedCount: number, leavers: number): Promise<void> {
  const ca = {
    certPem: readFileSync(join(caDir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(caDir, 'ca-key.pem'), 'utf8'),
  };
  const send = (record: LeaverBenchRecord) =>
    new Promise<void>((resolve, reject) =>
      process.send?.(record, undefined, undefined, (e) => (e ? reject(e) : resolve())),
    );
  const azurite = await startAzuriteTables({ silent: true });
  const identity = await startLocalIdentity({ tls: await issueServerCert(ca) });
  try {
    const ids = identity.graph.directory.addUsers(accounts - 3, 'bench');
    const settings = benchSettings('l', {
      authorityUrl: identity.authority.url,
      graphUrl: identity.graph.url,
      tablesConnection: azurite.connectionString,
    });
    const bridge = await createBridge(settings);
    // Stored platform users: the first `storedCount` accounts, written straight into the table.
    const tenantId = bridge.config.tenantId;
    const client = await bridge.tables.users.ready();
    const at = new Date(Date.now() - 3600_000).toISOString();
    const users = ids
      .slice(0, storedCount)
      .map(
        (id): StoredUser =>
          newStoredUser({ tenantId, userId: id, oid: id, at }, { manualGroups: ['Analysts'] }),
      );
    for (let i = 0; i < users.length; i += 100) {
      await client.submitTransaction(
        users.slice(i, i + 100).map((u): TransactionAction => ['create', { ...toUserEntity(u) }]),
      );
    }
    const writes = countWrites(client);
    const measure = async (run: LeaverBenchRecord['run']) => {
      const before = { w: writes.n, g: identity.graph.stats.requests };
      const started = performance.now();
      const result = await bridge.directory.sync({ trigger: 'manual' });
      const wallMs = Math.round(performance.now() - started);
      if (result.outcome !== 'succeeded')
        throw new Error(`${run}: ${result.outcome} ${JSON.stringify(result.error)}`);
      await send({
        run,
        accounts,
        stored: storedCount,
        'Graph requests': identity.graph.stats.requests - before.g,
        'Table requests': result.tableRequests,
        'user writes': writes.n - before.w,
        'users disabled': result.usersDisabled,
        'wall ms': wallMs,
      });
    };
    await measure('first full round');
    // Leavers spread over the stored users: half disabled, half deleted.
    const step = Math.max(1, Math.floor(storedCount / leavers));
    for (let n = 0; n < leavers; n++) {
      const id = ids[n * step] ?? '';
      if (n % 2 === 0) identity.graph.directory.setAccountEnabled(id, false);
      else identity.graph.directory.deleteUser(id);
    }
    await measure('incremental, 50 leavers');
    await measure('incremental, unchanged');
  } finally {
    await identity.close();
    await azurite.stop();
    process.disconnect?.();
  }
}

if (require.main === module) {
  const caDir = process.env.BENCH_LEAVER_CHILD;
  const [accounts, stored, leavers] = process.argv.slice(2).map(Number);
  const run = caDir
    ? child(caDir, accounts ?? 100_000, stored ?? 20_000, leavers ?? 50)
    : runLeaverBenchmark(accounts, stored, leavers).then((records) => console.table(records));
  run.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
