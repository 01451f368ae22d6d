import type { Command } from 'commander';
import type { AuditEntry } from '../lib/audit/auditEntry';
import { type AdminOptions, adminClient, withApiOptions } from './adminCommands';
import type { CommandRunner } from './runCommand';

interface AuditOptions extends AdminOptions {
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  top: string;
  continuationToken?: string;
  all?: boolean;
}

/** `audit list`: `GET /api/admin/audit`, page by page or `--all`, oldest first. */
export function addAuditCommand(program: Command, run: CommandRunner): void {
  const cmd = program.command('audit').description('the audit log of changes (admin API)');
  withApiOptions(cmd.command('list').description('list audit entries, oldest first'))
    .option('--since <time>', 'ISO 8601 time, inclusive')
    .option('--until <time>', 'ISO 8601 time, exclusive')
    .option('--actor <id>', 'an administrator’s user ID, or directory-sync')
    .option('--action <action>', 'e.g. user.disable, group.update')
    .option('--top <n>', 'entries per page', '100')
    .option('--continuation-token <token>', 'continue after a previous page')
    .option('--all', 'follow continuation tokens to the end')
    .action(
      run(async ({ out, env }, opts: AuditOptions) => {
        const client = adminClient(opts, env);
        const query = new URLSearchParams({ top: opts.top });
        for (const name of ['since', 'until', 'actor', 'action'] as const) {
          const value = opts[name];
          if (value !== undefined) query.set(name, value);
        }
        let token = opts.continuationToken;
        const entries: AuditEntry[] = [];
        do {
          if (token) query.set('continuationToken', token);
          const page = await client.request<{ entries: AuditEntry[]; continuationToken?: string }>(
            'GET',
            `/api/admin/audit?${query}`,
          );
          entries.push(...page.entries);
          token = page.continuationToken;
        } while (opts.all && token);
        out.result({ entries, continuationToken: token }, () => {
          for (const e of entries) {
            out.line(
              `${e.time}\t${e.actor}\t${e.action}\t${e.targetType}:${e.targetId}\t${JSON.stringify(e.before)} -> ${JSON.stringify(e.after)}\t${e.correlationId}`,
            );
          }
          if (entries.length === 0) out.line('(no entries)');
          if (token) out.line(`more: --continuation-token ${token}`);
        });
      }),
    );
}
