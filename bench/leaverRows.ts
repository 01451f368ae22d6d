import { fmt, markdownRecords, type Report } from './report';

/** Runs the leaver benchmark (`leaverBenchmark.ts`, a child process) and adds its rows, table and notes. */
export async function leaverRows(report: Report) {
  const { runLeaverBenchmark } = await import('./leaverBenchmark.js');
  const records = await runLeaverBenchmark(100_000, 20_000, 50);
  const s = 'leavers (users/delta)';
  for (const r of records) {
    const leaverRun = r.run === 'incremental, 50 leavers';
    report.rows.push({
      section: s,
      metric: `${r.run}, ${fmt.int(r.accounts)} accounts, ${fmt.int(r.stored)} stored`,
      value: `${r['Graph requests']} Graph, ${r['Table requests']} Table requests (${r['user writes']} user writes), ${fmt.ms(r['wall ms'])}`,
      ...(leaverRun && {
        target: '≤ 2 Graph, 50 disabled, ≤ 2 user writes',
        pass: r['Graph requests'] <= 2 && r['users disabled'] === 50 && r['user writes'] <= 2,
      }),
    });
  }
  report.extra.push(`### Leavers\n\n${markdownRecords(records.map((r) => ({ ...r })))}`);
  report.notes.push(
    'Leavers: 100,000 accounts in the local Graph, 20,000 of them stored platform users, then 25 disabled and 25 ' +
      'deleted in Entra. The first round pages users/delta (999 per page) and scans the stored users once; the ' +
      'leaver round reads the 50 changed accounts by key and writes them with their audit entries in one transaction.',
  );
}
