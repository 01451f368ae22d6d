import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteTables {
  readonly port: number;
  /** Process ID of the running Azurite (undefined while stopped), e.g. to read its CPU time. */
  readonly pid: number | undefined;
  /** A `TABLES_CONNECTION` value for this instance. */
  readonly connectionString: string;
  /** Stops the process (simulates a storage outage when followed by `start`). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export interface AzuriteOptions {
  port?: number;
  /** Folder for data (git-ignored); in memory when absent. */
  location?: string;
  silent?: boolean;
}

/** Plain JS next to this file in the sources; `dist/dev/` finds it two levels up. */
const POINT_LOOKUPS = [
  join(__dirname, 'azuritePointLookups.cjs'),
  join(__dirname, '..', '..', 'dev', 'azuritePointLookups.cjs'),
].find((file) => existsSync(file));

/**
 * Starts Azurite's Table service from the `azurite` npm package, with telemetry off
 * (it otherwise tries to reach the internet) and in-memory or folder persistence. Entity
 * lookups by PartitionKey and RowKey use Azurite's RowKey index (`azuritePointLookups.cjs`),
 * so that writes into one large partition stay linear, as they are on Table Storage.
 */
export async function startAzuriteTables(options: AzuriteOptions = {}): Promise<AzuriteTables> {
  const port = options.port ?? (await freePort());
  const script = require.resolve('azurite/dist/src/table/main.js');
  const pointLookups = POINT_LOOKUPS;
  if (!pointLookups) throw new Error(`dev/azuritePointLookups.cjs not found from ${__dirname}`);
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = [
      '--require',
      pointLookups,
      script,
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(port),
      '--disableTelemetry',
      '--skipApiVersionCheck',
    ];
    args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
    if (options.silent !== false) args.push('--silent');
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('successfully started')) resolve();
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`Azurite exited (${code}): ${output.slice(-500)}`)));
    });
    proc.stdout?.resume();
    proc.stderr?.resume();
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  };
  await start();
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    port,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};` +
      `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
    stop,
    start,
  };
}
