import { LINK_SIZES, runLinkBenchmark } from './linkBenchmark';
import { fmt, markdownRecords, type Report } from './report';
import type { BenchStack } from './stack';

/** Runs the link-change benchmark on the bench stack's Azurite and adds its rows, table and notes. */
export async function linkRows(stack: BenchStack, quick: boolean, report: Report) {
  const size = quick ? LINK_SIZES.quick : LINK_SIZES.full;
  const records = await runLinkBenchmark(stack.azurite.connectionString, size);
  const userPages = Math.ceil(size.users / 1000);
  for (const r of records) {
    const writes = Math.ceil(r['users recomputed'] / 100);
    report.rows.push({
      section: 'link changes',
      metric: `${r.change} (${fmt.int(r.users)} users, ${fmt.int(r.groups)} groups)`,
      value: `${r['users recomputed']} users rewritten; ${r['Table reads']} reads, ${r['Table writes']} writes; ${fmt.ms(r['wall ms'])}`,
      target: `users read once (${userPages} pages), only changed users written (${writes} transaction(s))`,
      // One catalog read + the user pages + the fresh catalog snapshot (2); the entry's replace + the user transactions.
      pass: r['Table reads'] <= 1 + userPages + 2 && r['Table writes'] <= 1 + writes,
    });
  }
  report.extra.push(`### Link changes\n\n${markdownRecords(records.map((r) => ({ ...r })))}`);
  report.notes.push(
    `Link changes: ${fmt.int(size.groups)} Entra groups in the synchronised directory, ${fmt.int(size.users)} stored users, ` +
      `${fmt.int(size.affected)} of whom carry the linked object ID, Azurite in memory, through \`saveCatalogEntry\` (what ` +
      'PATCH /api/admin/groups/{name} runs). Reads: the entry, the users in pages of 1,000 (each user once), the catalog ' +
      'snapshot the recomputation maps with (groups and roles); writes: the entry, then only the users whose assignments ' +
      'changed, in transactions of ≤100. The directory is not read again: its names are only for the answer.',
  );
}
