import { fmt, markdownRecords, type Report } from './report';

/** Runs the directory-sync benchmark (`syncBenchmark.ts`, a child process) and adds its rows, table and notes. */
export async function syncRows(sizes: number[], report: Report) {
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
