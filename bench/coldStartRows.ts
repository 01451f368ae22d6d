import type { ColdStartResult } from './coldStart';
import { fmt, type Report } from './report';

/** Rows and notes of the cold-start section. */
export function coldStartRows(r: ColdStartResult, report: Report) {
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
      target: '≤ 300 ms',
      pass: shipped.firstExchangeMs <= 300,
    },
    {
      section: s,
      metric: 'host process: listening → first exchange 200',
      value: fmt.ms(shipped.afterListeningMs),
    },
    {
      section: s,
      metric: 'telemetry on (APPLICATIONINSIGHTS_CONNECTION_STRING set): spawn → first exchange 200',
      value:
        `${fmt.ms(r.telemetryOn.firstExchangeMs)} (off: ${fmt.ms(shipped.firstExchangeMs)}; ` +
        `listening ${fmt.ms(r.telemetryOn.hostReadyMs)}, off: ${fmt.ms(shipped.hostReadyMs)})`,
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
      'files unbundled (`main` = `dist/src/functions/*.js`); and a bundle with those SDKs inside too. Telemetry on: ' +
      'the shipped bundle with `APPLICATIONINSIGHTS_CONNECTION_STRING` naming a local ingestion endpoint ' +
      '(`dev/ingestionCapture.ts`, statsbeat off), so `@azure/monitor-opentelemetry` loads at the app start and exports, ' +
      'and nothing leaves the machine.',
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
