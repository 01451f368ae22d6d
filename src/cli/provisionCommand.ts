import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AdminUser } from '../lib/admin/adminUser';
import { type AdminOptions, adminClient, userLine, withApiOptions } from './adminCommands';
import { idSegment } from './apiClient';
import { CliFailure, EXIT } from './cliOutput';
import type { CommandRunner } from './runCommand';
import { parseCsv } from './parseCsv';

interface ProvisionOptions extends AdminOptions {
  csv?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  oid?: string;
  group?: string[];
  role?: string[];
}

interface ProvisionRow {
  id: string;
  body: Record<string, unknown>;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const COLUMNS = ['id', 'email', 'firstName', 'lastName', 'oid', 'groups', 'roles'];

/**
 * `users provision <id>` or `users provision --csv users.csv`: `PUT /api/admin/users/{id}` for one
 * user or for each CSV row (header `id,email,firstName,lastName,groups,roles`, optional `oid`;
 * several groups or roles separated by `;`). Rows are sent one by one and every failure is
 * reported; the exit code is 1 when any row failed.
 */
export function addProvisionCommand(users: Command, run: CommandRunner): void {
  withApiOptions(
    users
      .command('provision [id]')
      .description('provision users ahead of their first sign-in (needed with OAUTH_JIT_PROVISIONING=false)'),
  )
    .option('--csv <file>', 'a CSV file with a header row: id,email,firstName,lastName,groups,roles')
    .option('--email <email>', 'e-mail address')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--oid <guid>', 'Entra object ID (default: the ID when OAUTH_USER_ID_CLAIM is oid)')
    .option('--group <name>', 'manual platform group (repeatable)', collect)
    .option('--role <name>', 'manual platform role (repeatable)', collect)
    .action(
      run(async ({ out, env }, id: string | undefined, opts: ProvisionOptions) => {
        const rows = opts.csv ? await readRows(opts.csv) : [singleRow(id, opts)];
        const client = adminClient(opts, env);
        const done: AdminUser[] = [];
        const failed: { id: string; error: string }[] = [];
        for (const row of rows) {
          try {
            done.push(
              await client.request<AdminUser>('PUT', `/api/admin/users/${idSegment(row.id)}`, {
                body: row.body,
              }),
            );
          } catch (err) {
            failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
          }
        }
        out.result({ provisioned: done, failed }, () => {
          for (const u of done) out.line(userLine(u));
          for (const f of failed) out.line(`FAILED ${f.id}: ${f.error}`);
        });
        if (failed.length === 0) return EXIT.ok;
        out.note(`${failed.length} of ${rows.length} user(s) could not be provisioned.`);
        return EXIT.failure;
      }),
    );
}

function singleRow(id: string | undefined, opts: ProvisionOptions): ProvisionRow {
  if (!id) throw new CliFailure('Give a user ID or --csv <file>.');
  const body: Record<string, unknown> = {};
  if (opts.email !== undefined) body.email = opts.email;
  if (opts.firstName !== undefined) body.firstName = opts.firstName;
  if (opts.lastName !== undefined) body.lastName = opts.lastName;
  if (opts.oid !== undefined) body.oid = opts.oid;
  if (opts.group) body.groups = opts.group;
  if (opts.role) body.roles = opts.role;
  return { id, body };
}

async function readRows(file: string): Promise<ProvisionRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [header, ...records] = parseCsv(text);
  if (!header?.includes('id'))
    throw new CliFailure(`${file}: the first row must name the columns, with "id".`);
  const unknown = header.find((h) => !COLUMNS.includes(h));
  if (unknown !== undefined)
    throw new CliFailure(`${file}: unknown column "${unknown}" (known: ${COLUMNS.join(', ')}).`);
  return records
    .filter((r) => r.some((cell) => cell.trim() !== ''))
    .map((cells, index) => {
      const value = (name: string) => {
        const at = header.indexOf(name);
        return at < 0 ? undefined : (cells[at] ?? '').trim();
      };
      const id = value('id');
      if (!id) throw new CliFailure(`${file}: row ${index + 2} has no id.`);
      const body: Record<string, unknown> = {};
      for (const name of ['email', 'firstName', 'lastName', 'oid']) {
        const v = value(name);
        if (v !== undefined && v !== '') body[name] = v;
      }
      for (const name of ['groups', 'roles']) {
        const v = value(name);
        if (v !== undefined)
          body[name] = v
            .split(';')
            .map((n) => n.trim())
            .filter(Boolean);
      }
      return { id, body };
    });
}
