import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { issueServerCert } from '../dev/tls';
import { startIngestionCapture } from '../dev/ingestionCapture';
import { type AlternativeApp, bundledApp, SHIPPED_EXTERNAL, unbundledApp } from './bundleApp';
import { exchangeOnce, startBridgeHost } from './host';
import { HEAVY_PACKAGES, type ImportProbe } from './importProbe';
import { median } from './measure';
import { type BenchStack, REPO_ROOT } from './stack';

const SHIPPED_FILE = join(REPO_ROOT, 'dist/app/functions.js');

/** One app layout, measured in fresh host processes. */
export interface AppColdStart {
  readonly label: string;
  /** Median ms from spawning the host to its "Host started" line. */
  readonly hostReadyMs: number;
  /** Median ms from spawning the host to the first 200 of `POST /api/token`. */
  readonly firstExchangeMs: number;
  /** Median of each run's "Host started" → first 200: the first request's own work. */
  readonly afterListeningMs: number;
  /** Median ms to require the app's entries in a fresh process (3 runs). */
  readonly requireMs: number;
  readonly modules: number;
  /** Bundles only: size of the one file, build time, packages left external. */
  readonly bundle?: {
    readonly bytes: number;
    readonly buildMs: number;
    readonly external: readonly string[];
  };
}

export interface ColdStartResult {
  /** Median ms of `node -e 0`. */
  readonly bareNodeMs: number;
  readonly runs: number;
  /** The shipped layout: package.json `main` = the bundle `dist/app/functions.js`. */
  readonly shipped: AppColdStart;
  /** The shipped layout with `APPLICATIONINSIGHTS_CONNECTION_STRING` set (a local ingestion endpoint). */
  readonly telemetryOn: AppColdStart;
  /** The compiled files unbundled, and one bundle with everything in it, in throw-away app directories. */
  readonly alternatives: readonly AppColdStart[];
  /** Heavy packages loaded by the unbundled entries, and their import chains. */
  readonly probe: ImportProbe;
  /** Median ms to require each package alone in a fresh process. */
  readonly packageRequireMs: Record<string, number>;
}

interface Layout {
  readonly label: string;
  readonly dir: string;
  readonly settings?: Readonly<Record<string, string>>;
  readonly bundle?: AlternativeApp['bundle'];
  readonly ready: number[];
  readonly first: number[];
}

/**
 * A fresh host process answering its first exchange (config, keys, discovery and key set
 * over TLS, table checks, user read), against Node's own start, for the shipped bundle
 * (the lazily imported SDKs left in node_modules), the compiled files unbundled, and a bundle
 * with everything in it. Runs of the layouts are interleaved, in an order rotated every run,
 * so drift on a shared machine spreads over all of them. Plus what the compiled function
 * files load at import.
 */
export async function runColdStartBenchmark(stack: BenchStack, runs: number): Promise<ColdStartResult> {
  const subjectToken = await stack.userToken();
  const unbundled = unbundledApp();
  const oneFile = await bundledApp([]);
  // Telemetry on, exported to a stand-in for Application Insights on loopback: nothing leaves the machine.
  const capture = await startIngestionCapture(await issueServerCert(stack.ca));
  const shippedBundle = {
    bytes: statSync(SHIPPED_FILE).size,
    buildMs: Number.NaN,
    external: SHIPPED_EXTERNAL,
  };
  const layouts: Layout[] = [
    { label: 'shipped bundle', dir: REPO_ROOT, bundle: shippedBundle, ready: [], first: [] },
    {
      label: 'shipped bundle, telemetry on',
      dir: REPO_ROOT,
      settings: {
        APPLICATIONINSIGHTS_CONNECTION_STRING: capture.connectionString,
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      },
      bundle: shippedBundle,
      ready: [],
      first: [],
    },
    { label: 'unbundled (tsc output)', dir: unbundled.dir, ready: [], first: [] },
    { label: 'bundle with the SDKs inside', dir: oneFile.dir, bundle: oneFile.bundle, ready: [], first: [] },
  ];
  const bare: number[] = [];
  try {
    // One unmeasured start first: the user is then stored and the tables exist, for every layout alike.
    await coldStartOnce(stack, layouts[0] as Layout, subjectToken);
    for (let i = 0; i < runs; i++) {
      bare.push(timeNode(['-e', '0']));
      for (let k = 0; k < layouts.length; k++) {
        const layout = layouts[(i + k) % layouts.length] as Layout;
        const { readyMs, firstMs } = await coldStartOnce(stack, layout, subjectToken);
        layout.ready.push(readyMs);
        layout.first.push(firstMs);
      }
    }
    const [shipped, telemetryOn, ...alternatives] = layouts.map(summarise);
    return {
      bareNodeMs: median(bare),
      runs,
      shipped: shipped as AppColdStart,
      telemetryOn: telemetryOn as AppColdStart,
      alternatives,
      probe: probeImports(unbundled.dir),
      packageRequireMs: Object.fromEntries(
        HEAVY_PACKAGES.map((pkg) => [pkg, median([0, 1, 2].map(() => requireTime(pkg)))]),
      ),
    };
  } finally {
    unbundled.remove();
    oneFile.remove();
    await capture.close();
  }
}

/** Spawn → "Host started" and spawn → first exchange 200 of one fresh host of a layout. */
async function coldStartOnce(
  stack: BenchStack,
  layout: Pick<Layout, 'dir' | 'settings'>,
  subjectToken: string,
): Promise<{ readyMs: number; firstMs: number }> {
  const started = performance.now();
  const host = await startBridgeHost(stack, { appDir: layout.dir, settings: layout.settings });
  try {
    await exchangeOnce(host.url, subjectToken);
    return { readyMs: host.readyAfterMs, firstMs: performance.now() - started };
  } finally {
    await host.stop();
  }
}

function summarise(layout: Layout): AppColdStart {
  const probes = [0, 1, 2].map(() => probeImports(layout.dir));
  const { bundle } = layout;
  return {
    label: layout.label,
    hostReadyMs: median(layout.ready),
    firstExchangeMs: median(layout.first),
    afterListeningMs: median(layout.first.map((first, i) => first - (layout.ready[i] ?? Number.NaN))),
    requireMs: median(probes.map((p) => p.requireMs)),
    modules: probes[0]?.modules ?? 0,
    bundle,
  };
}

function probeImports(appDir: string): ImportProbe {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/bench/importProbe.js'), appDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`import probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ImportProbe;
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
