import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TENANT } from '../dev/demoTenant';
import { type ColdStartResult, runColdStartBenchmark } from './coldStart';
import { type ExchangeResult, runExchangeBenchmark } from './exchange';
import { fmt, markdown, markdownRecords, type Report, textTable } from './report';
import { type BenchStack, REPO_ROOT, startBenchStack } from './stack';
import { runValidationBenchmark, type ValidationResult } from './validation';

const SECTIONS = ['validation', 'exchange', 'coldstart', 'sync'] as const;
type Section = (typeof SECTIONS)[number];

/** `npm run bench [-- --quick] [-- --only validation,exchange]`: prints the table, writes BENCHMARKS.md. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, only: { type: 'string' } },
  });
  const quick = values.quick === true;
  const only = (values.only?.split(',') ?? SECTIONS) as Section[];
  const report: Report = { rows: [], extra: [], notes: [] };
  const stack = await startBenchStack();
  try {
    for (const section of only) {
      process.stderr.write(`bench: ${section}…\n`);
      try {
        await runSection(section, stack, quick, report);
      } catch (err) {
        report.rows.push({
          section,
          metric: 'error',
          value: (err as Error).message.split('\n')[0] ?? '',
          pass: false,
        });
        process.stderr.write(`bench: ${section} failed: ${(err as Error).stack}\n`);
      }
    }
  } finally {
    await stack.close();
  }
  process.stdout.write(`\n${textTable(report.rows)}\n\n${report.notes.map((n) => `- ${n}`).join('\n')}\n`);
  if (only.length === SECTIONS.length) {
    const command = quick ? 'npm run bench -- --quick' : 'npm run bench';
    writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), markdown(report, { quick, command }));
    process.stdout.write('\nwrote BENCHMARKS.md\n');
  }
}

async function runSection(section: Section, stack: BenchStack, quick: boolean, report: Report) {
  switch (section) {
    case 'validation': {
      const result = await runValidationBenchmark({
        token: await stack.userToken(),
        settings: stack.settings,
        jwks: stack.identity.authority.publicJwks(DEMO_TENANT.tenantId),
        fetch: stack.fetch,
        rounds: quick ? 6 : 20,
        iterations: 1000,
      });
      return validationRows(result, report);
    }
    case 'exchange': {
      const result = await runExchangeBenchmark(stack, {
        connections: 50,
        seconds: quick ? 5 : 20,
        costIterations: quick ? 1000 : 4000,
      });
      return exchangeRows(result, report);
    }
    case 'coldstart':
      return coldStartRows(await runColdStartBenchmark(stack, quick ? 3 : 7), report);
    case 'sync':
      return syncRows(quick ? [1000, 10_000] : [1000, 10_000, 50_000], report);
  }
}

function validationRows(r: ValidationResult, report: Report) {
  const s = 'validation';
  const rates = (x: { wall: number; cpu: number }) => `${fmt.int(x.wall)}/s wall, ${fmt.int(x.cpu)}/s CPU`;
  const cpuRatio = r.ours.cpu / r.jose.cpu;
  const wallRatio = r.ours.wall / r.jose.wall;
  report.rows.push(
    { section: s, metric: 'our verifier', value: rates(r.ours) },
    { section: s, metric: 'jose.jwtVerify, local key set', value: rates(r.jose) },
    { section: s, metric: 'crypto.verify RSA-SHA256', value: rates(r.crypto) },
    {
      section: s,
      metric: 'ours / jose (CPU time)',
      value: fmt.ratio(cpuRatio),
      target: '≥ 1.00×',
      pass: cpuRatio >= 1,
    },
    {
      section: s,
      metric: 'ours / jose (wall clock)',
      value: fmt.ratio(wallRatio),
      target: '≥ 1.00×',
      pass: wallRatio >= 1,
    },
    {
      section: s,
      metric: 'ours / crypto.verify (the limit)',
      value: `${fmt.ratio(r.ours.cpu / r.crypto.cpu)} CPU, ${fmt.ratio(r.ours.wall / r.crypto.wall)} wall`,
    },
    {
      section: s,
      metric: 'our checks after jose (format, shapes, caller), CPU',
      value: fmt.us(r.ownChecksMicros),
    },
  );
  report.notes.push(
    `Validation: one RS256 Entra v2 token, ${r.iterationsPerContender.toLocaleString('en-US')} verifications per contender ` +
      'in interleaved rounds of 1,000 (order rotated each round), medians of rounds, after warm-up; calls one after ' +
      'another. "CPU" divides by the process CPU time of the round (all threads, so the WebCrypto thread pool counts): it ' +
      'is what a verification costs and barely moves when neighbours load the machine; "wall" is what one caller waits. ' +
      'jose verifies through WebCrypto (`crypto.subtle.verify`, a thread-pool round trip), most of the gap to raw `crypto.verify`.',
  );
}

function exchangeRows(r: ExchangeResult, report: Report) {
  const s = 'exchange';
  const ratio = r.bridge.requestsPerSecond / r.reference.requestsPerSecond;
  const quietRatio = r.bridgeQuiet.requestsPerSecond / r.reference.requestsPerSecond;
  const noopRatio = r.noopFunction.requestsPerSecond / r.reference.requestsPerSecond;
  const split = r.costSplit;
  const total = split.verifyMicros + split.storageMicros + split.signMicros;
  const share = (n: number) => `${fmt.us(n)} (${Math.round((100 * n) / total)} %)`;
  report.rows.push(
    {
      section: s,
      metric: 'reference server',
      value: `${fmt.int(r.reference.requestsPerSecond)} req/s, p99 ${fmt.ms(r.reference.p99Ms)}`,
    },
    {
      section: s,
      metric: 'bridge on the Functions host',
      value: `${fmt.int(r.bridge.requestsPerSecond)} req/s, p50 ${fmt.ms(r.bridge.p50Ms)}`,
    },
    {
      section: s,
      metric: 'bridge / reference',
      value: fmt.ratio(ratio),
      target: '≥ 0.60×',
      pass: ratio >= 0.6,
    },
    {
      section: s,
      metric: 'bridge p99 latency',
      value: fmt.ms(r.bridge.p99Ms),
      target: '≤ 50 ms',
      pass: r.bridge.p99Ms <= 50,
    },
    {
      section: s,
      metric: 'failed requests (bridge, reference)',
      value: `${r.bridge.failed}, ${r.reference.failed}`,
      target: '0',
      pass: r.bridge.failed + r.reference.failed === 0,
    },
    {
      section: s,
      metric: 'storage writes on the warm path',
      value: String(r.storageWrites + split.writes),
      target: '0',
      pass: r.storageWrites + split.writes === 0,
    },
    {
      section: s,
      metric: 'no-op function on the same host',
      value: `${fmt.int(r.noopFunction.requestsPerSecond)} req/s = ${fmt.ratio(noopRatio)} of the reference, p99 ${fmt.ms(r.noopFunction.p99Ms)}`,
    },
    {
      section: s,
      metric: 'bridge / no-op function (our share)',
      value: fmt.ratio(r.bridge.requestsPerSecond / r.noopFunction.requestsPerSecond),
    },
    { section: s, metric: 'host log lines per request', value: r.hostLinesPerRequest.toFixed(1) },
    {
      section: s,
      metric: 'bridge, host log level Warning',
      value: `${fmt.int(r.bridgeQuiet.requestsPerSecond)} req/s = ${fmt.ratio(quietRatio)}, p99 ${fmt.ms(r.bridgeQuiet.p99Ms)}`,
    },
    { section: s, metric: 'cost split: verify', value: share(split.verifyMicros) },
    { section: s, metric: 'cost split: storage (signIn)', value: share(split.storageMicros) },
    { section: s, metric: 'cost split: sign', value: share(split.signMicros) },
    {
      section: 'memory',
      metric: 'host RSS after the load (peak)',
      value: r.memory
        ? `${fmt.mb(r.memory.rssMb)} (${fmt.mb(r.memory.peakRssMb)})`
        : 'not measured (no /proc)',
      target: '≤ 200 MB',
      pass: r.memory ? r.memory.rssMb <= 200 : undefined,
    },
  );
  report.notes.push(
    `Exchange: autocannon (in the benchmark process), ${r.connections} connections for ${r.seconds} s each against the reference ` +
      'server, then the host, then the host again with host.json log level Warning (a copy of the app directory; the ' +
      "repository's host.json is untouched), then a no-op function on the same host. Each server runs in its own process. Warm user, unchanged claims; storage writes " +
      'are counted by comparing every user entity ETag before and after, plus the `written` flag of the in-process sign-ins.',
    `No-op function: the same load on the same host and host.json, against a function that reads the body and answers a ` +
      `token-sized JSON with the bridge's headers (\`bench/noopApp.ts\`). It reached ${fmt.ratio(noopRatio)} of the bare ` +
      "reference: the programming model's own work per invocation (RPC data → `HttpRequest` over an undici `Request` and " +
      'its body stream, `HttpResponse` → RPC, invocation bookkeeping, the Executing/Executed lines) caps any function on ' +
      `this host there${noopRatio < 0.6 ? ', below the 0.60× target, whatever the function does' : ''}; the bridge ` +
      `reached ${fmt.ratio(r.bridge.requestsPerSecond / r.noopFunction.requestsPerSecond)} of that ceiling.`,
    "Cost split: the bridge's own pieces in the benchmark process (`createBridge` with the host's settings), calls one after " +
      'another: `verifier.verify`, `signIn` (catalog snapshot, cached, and one Table read of the user on Azurite), `tokens.issue` (ES256).',
  );
}

function coldStartRows(r: ColdStartResult, report: Report) {
  const s = 'cold start';
  const { shipped } = r;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  report.rows.push(
    { section: s, metric: 'node -e 0', value: fmt.ms(r.bareNodeMs) },
    { section: s, metric: 'host process: spawn → listening', value: fmt.ms(shipped.hostReadyMs) },
    {
      section: s,
      metric: 'host process: spawn → first exchange 200',
      value: fmt.ms(shipped.firstExchangeMs),
      target: '≤ 400 ms',
      pass: shipped.firstExchangeMs <= 400,
    },
    {
      section: s,
      metric: 'host process: listening → first exchange 200',
      value: fmt.ms(shipped.afterListeningMs),
    },
    {
      section: s,
      metric: 'require the shipped bundle',
      value: `${fmt.ms(shipped.requireMs)} (${shipped.modules} modules, ${shipped.bundle ? mb(shipped.bundle.bytes) : '?'})`,
    },
    ...r.alternatives.map((b) => ({
      section: s,
      metric: `${b.label}: spawn → first exchange 200`,
      value:
        `${fmt.ms(b.firstExchangeMs)} (listening ${fmt.ms(b.hostReadyMs)}; require ${fmt.ms(b.requireMs)}, ` +
        `${b.modules} modules${b.bundle ? `, ${mb(b.bundle.bytes)}` : ''})`,
    })),
  );
  const loaded = Object.entries(r.probe.loaded);
  const at = loaded.filter(([, chain]) => chain !== null).map(([pkg]) => `\`${pkg}\``);
  const notAt = loaded.filter(([, chain]) => chain === null).map(([pkg]) => `\`${pkg}\``);
  report.notes.push(
    `Cold start: median of ${r.runs} fresh host processes per layout (same settings; one unmeasured start before, so ` +
      'the user is stored and the tables exist): time from spawn to the first 200 of `POST /api/token`, which includes ' +
      'loading the app, settings, signing keys, discovery and key set over TLS, the table checks and the user read. ' +
      'The app starts that one-time work itself when the host has loaded it (appStart hook, `src/functions/warmUp.ts`).',
    'Layouts, interleaved: the shipped one (package.json `main` = `dist/app/functions.js`, one esbuild bundle made by ' +
      '`npm run build` through `scripts/bundle-functions.cjs`; `@azure/identity` and `@microsoft/microsoft-graph-client` ' +
      "stay in node_modules and load only where Graph is called; `@azure/functions-core` is the host's); the compiled " +
      'files unbundled (`main` = `dist/src/functions/*.js`); and a bundle with those SDKs inside too.',
    `Loaded when the compiled function files are required: ${at.join(', ') || 'none of the heavy packages'}; not loaded: ${notAt.join(', ') || '—'}.`,
    ...loaded
      .filter(([pkg, chain]) => chain !== null && /identity|graph|msal/.test(pkg))
      .map(
        ([pkg, chain]) => `Import chain of \`${pkg}\`: ${(chain ?? []).map((c) => `\`${c}\``).join(' → ')}.`,
      ),
    `Package require time alone (fresh process, median of 3): ${Object.entries(r.packageRequireMs)
      .map(([pkg, ms]) => `\`${pkg}\` ${fmt.ms(ms)}`)
      .join(', ')}.`,
  );
}

/**
 * Directory sync (`bench/syncBenchmark.ts`, in a child process of its own): per size, the
 * full sync's requests and wall time, the issue's 10k targets, and a linearity check — the
 * figures per 1,000 groups of the largest size against those of 10k (or of the smallest size
 * when 10k is the largest), within 1.5×.
 */
async function syncRows(sizes: number[], report: Report) {
  const { runSyncBenchmark } = await import('./syncBenchmark.js');
  const records = await runSyncBenchmark(sizes);
  const s = 'directory sync';
  const full = records.filter((r) => r.run === 'full');
  const unchanged = records.filter((r) => r.run === 'incremental, unchanged');
  for (const r of full) {
    const tenK = r.groups === 10_000;
    report.rows.push({
      section: s,
      metric: `full sync, ${fmt.int(r.groups)} groups`,
      value: `${r['Graph requests']} Graph, ${r['Table requests']} Table requests, ${fmt.ms(r['wall ms'])} (CPU ${fmt.ms(r['CPU ms'])})`,
      ...(tenK && {
        target: '≤ 15 Graph, ≤ 120 Table',
        pass: r['Graph requests'] <= 15 && r['Table requests'] <= 120,
      }),
    });
  }
  const quiet = unchanged.reduce(
    (worst, r) => ({
      graph: Math.max(worst.graph, r['Graph requests']),
      writes: worst.writes + r['writes d/u/s'].split('/').reduce((n, w) => n + Number(w), 0),
    }),
    { graph: 0, writes: 0 },
  );
  report.rows.push({
    section: s,
    metric: 'unchanged incremental run (worst size)',
    value: `Graph requests ${quiet.graph}, Table writes ${quiet.writes}`,
    target: '≤ 2 Graph, no writes',
    pass: unchanged.length > 0 && quiet.graph <= 2 && quiet.writes === 0,
  });
  const largest = full.at(-1);
  const reference = full.find((r) => r.groups === 10_000 && r !== largest) ?? full[0];
  if (largest && reference && largest !== reference) {
    const perK = (
      r: (typeof full)[number],
      key: 'Graph requests' | 'Table requests' | 'wall ms' | 'CPU ms',
    ) => (1000 * r[key]) / r.groups;
    const sizesShown = `${fmt.int(reference.groups)} → ${fmt.int(largest.groups)} groups`;
    for (const [key, label] of [
      ['Graph requests', 'Graph requests per 1k groups'],
      ['Table requests', 'Table requests per 1k groups'],
      ['wall ms', 'wall ms per 1k groups'],
      ['CPU ms', 'CPU ms per 1k groups (bench + Azurite)'],
    ] as const) {
      if (!Number.isFinite(largest[key])) continue; // no /proc: CPU not measured
      const ratio = perK(largest, key) / perK(reference, key);
      const show = (n: number) => (key.endsWith(' ms') ? fmt.int(n) : n.toFixed(2));
      report.rows.push({
        section: s,
        metric: `${label}, ${sizesShown}`,
        value: `${show(perK(reference, key))} → ${show(perK(largest, key))} (${fmt.ratio(ratio)})`,
        target: 'linear growth (≤ 1.50×)',
        pass: ratio <= 1.5,
      });
    }
  }
  const shown = records.map((r) => ({
    ...r,
    groups: fmt.int(r.groups),
    'wall ms': fmt.int(r['wall ms']),
    'CPU ms': fmt.int(r['CPU ms']),
  }));
  report.extra.push(`### Directory sync\n\n${markdownRecords(shown)}`);
  report.notes.push(
    `Directory sync: ${sizes.map((n) => fmt.int(n)).join(', ')} groups in the local Graph (TLS), one stored user, ` +
      'Azurite in memory, through `createBridge` (Graph SDK, @azure/identity) in a child process of its own. Per size: a ' +
      'full sync, an unchanged incremental run, 10 renamed groups, then a full resync after the delta token expired. ' +
      'Graph = HTTPS requests the local Graph received (retries included); Table = requests of the run; writes d/u/s = ' +
      'write requests to the directory / users / state tables (a `$batch` of ≤100 counts once); CPU = CPU time of the ' +
      'benchmark process (bridge and local Graph) plus Azurite during the run, steadier than wall time on a loaded machine. Both are ' +
      'Azurite-bound: its paged reads filter and sort the whole partition again for every page of 1,000, so runs that ' +
      'read the stored directory (10 renamed, full resync) grow faster than their Table requests do. Azurite runs with ' +
      '`dev/azuritePointLookups.cjs` (entity look-ups by RowKey first); without it every write scans the partition and a ' +
      'full sync grows with the square of the directory (bench/README.md).',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? error}\n`);
  process.exitCode = 1;
});
