import type { Command } from 'commander';
import type { AdminUser } from '../lib/admin/adminUser';
import { createApiClient, idSegment, namePath, platformBaseUrl, type ApiClient } from './apiClient';
import { CliFailure } from './cliOutput';
import type { CommandRunner } from './runCommand';

export interface AdminOptions {
  platformApiUrl?: string;
  token?: string;
}

/** Adds `--platform-api-url` and `--token` to an admin command. */
export function withApiOptions(cmd: Command): Command {
  return cmd
    .option('--platform-api-url <url>', 'base URL of the bridge (default http://127.0.0.1:$PORT, else 7071)')
    .option('--token <token>', 'platform access token of an administrator (default: $ENTRA_BRIDGE_TOKEN)');
}

export function adminClient(options: AdminOptions, env: NodeJS.ProcessEnv): ApiClient {
  const token = options.token ?? env.ENTRA_BRIDGE_TOKEN;
  if (!token) {
    throw new CliFailure(
      'An administrator platform token is required: --token or ENTRA_BRIDGE_TOKEN (get one with `entra-bridge test-access --json`).',
    );
  }
  const url = options.platformApiUrl ?? `http://127.0.0.1:${env.PORT || 7071}`;
  return createApiClient(platformBaseUrl(url), token);
}

/** `groups` and `roles`: list, create, rename, delete platform groups or roles. */
export function addCatalogCommands(program: Command, run: CommandRunner, kind: 'group' | 'role'): void {
  const plural = `${kind}s`;
  const base = `/api/admin/${plural}`;
  const cmd = program.command(plural).description(`manage platform ${plural} (admin API)`);
  withApiOptions(cmd.command('list').description(`list platform ${plural}`)).action(
    run(async ({ out, env }, opts: AdminOptions) => {
      const body = await adminClient(opts, env).request<
        Record<string, { name: string; description: string }[]>
      >('GET', base);
      const entries = body[plural] ?? [];
      out.result(entries, () => {
        for (const e of entries) out.line(e.description ? `${e.name}\t${e.description}` : e.name);
        if (entries.length === 0) out.line(`(no ${plural})`);
      });
    }),
  );
  withApiOptions(
    cmd.command('create <name>').description(`create a platform ${kind} (or update its description)`),
  )
    .option('--description <text>', 'description', '')
    .action(
      run(async ({ out, env }, name: string, opts: AdminOptions & { description: string }) => {
        const entry = await adminClient(opts, env).request('PUT', `${base}/${namePath(name)}`, {
          body: { description: opts.description },
        });
        out.result(entry, () => out.line(`${kind} "${name}" saved`));
      }),
    );
  withApiOptions(
    cmd
      .command('rename <name> <newName>')
      .description(`rename a platform ${kind}; manual assignments move along`),
  ).action(
    run(async ({ out, env }, name: string, newName: string, opts: AdminOptions) => {
      const result = await adminClient(opts, env).request<{
        movedManualAssignments: number;
        claimHolders: number;
      }>('PATCH', `${base}/${namePath(name)}`, { body: { name: newName } });
      out.result(result, () =>
        out.line(
          `${kind} "${name}" renamed to "${newName}": ${result.movedManualAssignments} manual assignment(s) moved; ` +
            `${result.claimHolders} user(s) hold it through claims (updated at their next sign-in).`,
        ),
      );
    }),
  );
  withApiOptions(cmd.command('delete <name>').description(`delete a platform ${kind}`))
    .option('--force', 'delete even while users hold it')
    .action(
      run(async ({ out, env }, name: string, opts: AdminOptions & { force?: boolean }) => {
        const query = opts.force ? '?force=true' : '';
        await adminClient(opts, env).request('DELETE', `${base}/${namePath(name)}${query}`);
        out.result({ deleted: name }, () => out.line(`${kind} "${name}" deleted`));
      }),
    );
}

/** `users`: list, get, disable, enable, delete, and manual group/role assignments; returns the `users` command. */
export function addUserCommands(program: Command, run: CommandRunner): Command {
  const cmd = program.command('users').description('manage external users (admin API)');
  withApiOptions(cmd.command('list').description('list users, page by page'))
    .option('--group <name>', 'only holders of this platform group')
    .option('--role <name>', 'only holders of this platform role')
    .option('--admin <bool>', 'true: only administrators; false: only others')
    .option('--disabled <bool>', 'true: only disabled users; false: only enabled ones')
    .option('--top <n>', 'users per page', '100')
    .option('--continuation-token <token>', 'continue after a previous page')
    .option('--all', 'follow continuation tokens to the end')
    .action(
      run(async ({ out, env }, opts: AdminOptions & Record<string, string | boolean | undefined>) => {
        const client = adminClient(opts, env);
        const query = new URLSearchParams({ top: String(opts.top) });
        for (const [option, param] of [
          ['group', 'group'],
          ['role', 'role'],
          ['admin', 'admin'],
          ['disabled', 'disabled'],
        ] as const) {
          const value = opts[option];
          if (typeof value === 'string') query.set(param, value);
        }
        let token = typeof opts.continuationToken === 'string' ? opts.continuationToken : undefined;
        const users: AdminUser[] = [];
        do {
          if (token) query.set('continuationToken', token);
          const page = await client.request<{ users: AdminUser[]; continuationToken?: string }>(
            'GET',
            `/api/admin/users?${query}`,
          );
          users.push(...page.users);
          token = page.continuationToken;
        } while (opts.all && token);
        out.result({ users, continuationToken: token }, () => {
          for (const u of users) out.line(userLine(u));
          if (users.length === 0) out.line('(no users)');
          if (token) out.line(`more: --continuation-token ${token}`);
        });
      }),
    );
  const one = (name: string, description: string, method: string, suffix: string) =>
    withApiOptions(cmd.command(`${name} <id>`).description(description)).action(
      run(async ({ out, env }, id: string, opts: AdminOptions) => {
        const user = await adminClient(opts, env).request<AdminUser | undefined>(
          method,
          `/api/admin/users/${idSegment(id)}${suffix}`,
        );
        out.result(user ?? { deleted: id }, () => out.line(user ? userLine(user) : `user "${id}" deleted`));
      }),
    );
  one('get', 'show one user', 'GET', '');
  one('disable', 'disable a user: their platform tokens stop working at once', 'POST', '/disable');
  one('enable', 'enable a disabled user', 'POST', '/enable');
  one(
    'delete',
    'forget a user (they are provisioned again at their next sign-in; disable to block)',
    'DELETE',
    '',
  );
  for (const [verb, method] of [
    ['add', 'PUT'],
    ['remove', 'DELETE'],
  ] as const) {
    for (const kind of ['group', 'role'] as const) {
      withApiOptions(
        cmd.command(`${verb}-${kind} <id> <name>`).description(`${verb} a manual ${kind} assignment`),
      ).action(
        run(async ({ out, env }, id: string, name: string, opts: AdminOptions) => {
          const user = await adminClient(opts, env).request<AdminUser>(
            method,
            `/api/admin/users/${idSegment(id)}/${kind}s/${namePath(name)}`,
          );
          out.result(user, () => out.line(userLine(user)));
        }),
      );
    }
  }
  return cmd;
}

export function userLine(u: AdminUser): string {
  const flags = [u.isAdmin ? 'admin' : '', u.disabled ? 'DISABLED' : ''].filter(Boolean).join(',');
  const manual = u.manualGroups.length > 0 ? ` manual=[${u.manualGroups.join(', ')}]` : '';
  return `${u.id}\t${u.email ?? '-'}\tgroups=[${u.groups.join(', ')}]\troles=[${u.roles.join(', ')}]${manual}${flags ? `\t${flags}` : ''}`;
}
