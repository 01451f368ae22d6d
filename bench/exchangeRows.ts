import type { ExchangeResult } from './exchange';
import { fmt, type Report } from './report';

/** Rows and notes of the exchange and memory sections. */
export function exchangeRows(r: ExchangeResult, report: Report) {
  const s = 'exchange';
  const ratio = r.bridge.requestsPerSecond / r.reference.requestsPerSecond;
  const quietRatio = r.bridgeQuiet.requestsPerSecond / r.reference.requestsPerSecond;
  const noopRatio = r.noopFunction.requestsPerSecond / r.reference.requestsPerSecond;
  const split = r.costSplit;
  const total = split.verifyMicros + split.storageMicros + split.signMicros;
  const noopShare = r.bridge.requestsPerSecond / r.noopFunction.requestsPerSecond;
  const p99Ratio = r.bridge.p99Ms / r.noopFunction.p99Ms;
  // Rates are calls per second: the floor's rate over ours is our cost in floors.
  const floorMultiple = split.floor.cpu / split.exchange.cpu;
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
      value: fmt.ratio(noopShare),
      target: '≥ 0.90×',
      pass: noopShare >= 0.9,
    },
    {
      section: s,
      metric: 'bridge p99 / no-op function p99',
      value: `${fmt.ratio(p99Ratio)} (${fmt.ms(r.bridge.p99Ms)} / ${fmt.ms(r.noopFunction.p99Ms)})`,
      target: '≤ 1.30×',
      pass: p99Ratio <= 1.3,
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
      section: s,
      metric: 'crypto floor: RS256 crypto.verify + ES256 crypto.sign',
      value: `${fmt.us(1e6 / split.floor.cpu)} CPU, ${fmt.us(1e6 / split.floor.wall)} wall`,
    },
    {
      section: s,
      metric: 'bridge CPU per warm exchange, in process (verify + user + mapping + sign)',
      value: `${fmt.us(1e6 / split.exchange.cpu)} = ${fmt.ratio(floorMultiple)} the floor (wall ${fmt.ratio(split.floor.wall / split.exchange.wall)})`,
      target: '≤ 2.00×',
      pass: floorMultiple <= 2,
    },
    {
      section: s,
      metric: '/api/introspect warm / /api/me warm',
      value: `${fmt.ratio(r.introspect.requestsPerSecond / r.me.requestsPerSecond)} (${fmt.int(r.introspect.requestsPerSecond)} against ${fmt.int(r.me.requestsPerSecond)} req/s; p99 ${fmt.ms(r.introspect.p99Ms)} against ${fmt.ms(r.me.p99Ms)}; failed ${r.introspect.failed + r.me.failed})`,
      target: '≥ 0.80×',
      pass: r.introspect.failed === 0 && r.introspect.requestsPerSecond >= 0.8 * r.me.requestsPerSecond,
    },
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
      `reached ${fmt.ratio(noopShare)} of that ceiling.`,
    "Cost split: the bridge's own pieces in the benchmark process (`createBridge` with the host's settings), calls one after " +
      'another: `verifier.verify`, `signIn` (catalog snapshot, cached, and one Table read of the user on Azurite), `tokens.issue` (ES256).',
    'Crypto floor: `exchangeToken` (the whole warm exchange: verify, the cached user, mapping, sign) in the benchmark process, ' +
      'interleaved with what no exchange can avoid — one `crypto.verify` (RS256) of the subject token and one `crypto.sign` ' +
      "(ES256, `ieee-p1363`) of a platform token's signing input, `KeyObject`s made once; CPU time of the process, medians " +
      'of 10 rounds.' +
      (floorMultiple > 2
        ? ' Where the rest goes (a CPU profile of `exchangeToken` in process, `node --cpu-prof`): the two crypto calls take ' +
          "about two thirds of the function's samples, jose's claims validation about a tenth (see the validation notes), " +
          '`signInUser` (claim values, mapping, profile hash) about a sixth; beyond the function, the process CPU that the ' +
          "floor hardly incurs: promise and microtask turns and V8's garbage-collector threads (the exchange allocates " +
          'claims, the user record, the platform token and its JSON).'
        : ''),
    'Host against the no-op function: the two loads run one after the other (20 s each), so neighbours whose load changes ' +
      'in between move these two ratios more than any other; `node -e 0` in the cold-start rows shows how loaded the ' +
      'machine was (about 100 ms when quiet).',
  );
}
