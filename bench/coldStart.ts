import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { exchangeOnce, startBridgeHost } from './host';
import { HEAVY_PACKAGES, type ImportProbe } from './importProbe';
import { median } from './measure';
import { type BenchStack, REPO_ROOT } from './stack';

export interface ColdStartResult {
  /** Median ms of `node -e 0`. */
  readonly bareNodeMs: number;
  /** Median ms from spawning the host to its "Host started" line. */
  readonly hostReadyMs: number;
  /** Median ms from spawning the host to the first 200 of `POST /api/token`. */
  readonly firstExchangeMs: number;
  readonly runs: number;
  readonly probe: ImportProbe;
  /** Median ms to require each package alone in a fresh process. */
  readonly packageRequireMs: Record<string, number>;
}

/**
 * A fresh host process answering its first exchange (config, keys, discovery and key set
 * over TLS, table checks, user read), against Node's own start; plus what the function
 * entries load at import.
 */
export async function runColdStartBenchmark(stack: BenchStack, runs: number): Promise<ColdStartResult> {
  const subjectToken = await stack.userToken();
  const bare: number[] = [];
  const ready: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeNode(['-e', '0']));
    const started = performance.now();
    const host = await startBridgeHost(stack);
    try {
      ready.push(host.readyAfterMs);
      await exchangeOnce(host.url, subjectToken);
      first.push(performance.now() - started);
    } finally {
      await host.stop();
    }
  }
  const probeRun = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/bench/importProbe.js'), REPO_ROOT], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (probeRun.status !== 0) throw new Error(`import probe failed: ${probeRun.stderr}`);
  const packageRequireMs: Record<string, number> = {};
  for (const pkg of HEAVY_PACKAGES) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(requireTime(pkg));
    packageRequireMs[pkg] = median(times);
  }
  return {
    bareNodeMs: median(bare),
    hostReadyMs: median(ready),
    firstExchangeMs: median(first),
    runs,
    probe: JSON.parse(probeRun.stdout) as ImportProbe,
    packageRequireMs,
  };
}

function timeNode(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
  return performance.now() - started;
}

/** Time of `require(pkg)` alone, measured inside a fresh process. */
function requireTime(pkg: string): number {
  const script = `const t=performance.now();require(${JSON.stringify(pkg)});process.stdout.write(String(performance.now()-t))`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout) : Number.NaN;
}
