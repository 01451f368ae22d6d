import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TENANT } from '../dev/demoTenant';
import { runColdStartBenchmark } from './coldStart';
import { coldStartRows } from './coldStartRows';
import { runExchangeBenchmark } from './exchange';
import { exchangeRows } from './exchangeRows';
import { markdown, type Report, textTable } from './report';
import { type BenchStack, REPO_ROOT, startBenchStack } from './stack';
import { leaverRows } from './leaverRows';
import { linkRows } from './linkRows';
import { syncRows } from './syncRows';
import { runValidationBenchmark } from './validation';
import { validationRows } from './validationRows';

const SECTIONS = ['validation', 'exchange', 'coldstart', 'sync', 'links', 'leavers'] as const;
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
    case 'links':
      return linkRows(stack, quick, report);
    case 'leavers':
      return leaverRows(report);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? error}\n`);
  process.exitCode = 1;
});
