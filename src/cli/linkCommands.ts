import type { Command } from 'commander';
import type { CatalogEntryView } from '../lib/admin/catalogChanges';
import type { DescribedGroup } from '../lib/directory/describeDirectoryGroups';
import { type AdminOptions, adminClient, withApiOptions } from './adminCommands';
import { type ApiClient, namePath } from './apiClient';
import { CliFailure } from './cliOutput';
import { described, directoryGroups, resolveEntraGroup } from './resolveEntraGroup';
import type { CommandRunner } from './runCommand';

type Kind = 'group' | 'role';
interface LinkOptions extends AdminOptions {
  entraGroupId?: string;
  entraGroup?: string;
  sameNames?: boolean;
  yes?: boolean;
}

async function setLinks(client: ApiClient, kind: Kind, name: string, ids: readonly string[]) {
  return client.request<CatalogEntryView & { usersRecomputed: number }>(
    'PATCH',
    `/api/admin/${kind}s/${namePath(name)}`,
    { body: { entraGroupIds: ids } },
  );
}

function printEntry(out: { line(text?: string): void }, kind: Kind, entry: CatalogEntryView): void {
  out.line(`${kind} "${entry.name}"${entry.description ? ` — ${entry.description}` : ''}`);
  if (entry.entraGroups.length === 0)
    out.line('  linked to no Entra group (selected only by a claim value equal to its name)');
  for (const g of entry.entraGroups)
    out.line(`  linked: ${described(g)}${g.deleted ? ' (DELETED in Entra)' : ''}`);
}

/** A link for every platform entry whose name equals exactly one live Entra group's display or on-premises name. */
function proposeSameNames(entries: readonly CatalogEntryView[], directory: readonly DescribedGroup[]) {
  return entries.flatMap((entry) => {
    const same = directory.filter(
      (g) => g.displayName === entry.name || g.onPremisesSamAccountName === entry.name,
    );
    const [group] = same;
    if (same.length !== 1 || !group || entry.entraGroupIds.includes(group.id.toLowerCase())) return [];
    return [{ entry, group }];
  });
}

/** `groups link|unlink|show` and `roles link|unlink|show`: links between platform entries and Entra groups. */
export function addLinkCommands(program: Command, run: CommandRunner, kind: Kind): void {
  const cmd = program.commands.find((c) => c.name() === `${kind}s`);
  if (!cmd) throw new Error(`no ${kind}s command`);
  const base = `/api/admin/${kind}s`;
  const target = (opts: LinkOptions) => {
    if ((opts.entraGroupId === undefined) === (opts.entraGroup === undefined)) {
      throw new CliFailure(
        'Give exactly one of --entra-group-id <object id> and --entra-group <display name>.',
      );
    }
  };

  withApiOptions(
    cmd.command('show <name>').description(`a platform ${kind} and the Entra groups linked to it`),
  ).action(
    run(async ({ out, env }, name: string, opts: AdminOptions) => {
      const entry = await adminClient(opts, env).request<CatalogEntryView>(
        'GET',
        `${base}/${namePath(name)}`,
      );
      out.result(entry, () => printEntry(out, kind, entry));
    }),
  );

  withApiOptions(
    cmd
      .command('link [name]')
      .description(
        `link a platform ${kind} to an Entra group by object ID, or by display name resolved once to its object ID; ` +
          `--same-names proposes a link for every platform ${kind} named exactly like one Entra group (applied with --yes)`,
      ),
  )
    .option('--entra-group-id <oid>', 'the Entra group object ID')
    .option('--entra-group <displayName>', 'the Entra group display name (must name exactly one group)')
    .option('--same-names', `propose links by equal names for every platform ${kind}`)
    .option('--yes', 'with --same-names: apply the proposed links')
    .action(
      run(async ({ out, env }, name: string | undefined, opts: LinkOptions) => {
        const client = adminClient(opts, env);
        if (opts.sameNames) {
          if (name !== undefined || opts.entraGroup || opts.entraGroupId) {
            throw new CliFailure('--same-names takes no name and no --entra-group(-id).');
          }
          const list = await client.request<Record<string, CatalogEntryView[]>>('GET', base);
          const proposals = proposeSameNames(list[`${kind}s`] ?? [], await directoryGroups(client));
          const applied: string[] = [];
          if (opts.yes) {
            for (const { entry, group } of proposals) {
              await setLinks(client, kind, entry.name, [...entry.entraGroupIds, group.id]);
              applied.push(entry.name);
            }
          }
          const result = proposals.map(({ entry, group }) => ({
            [kind]: entry.name,
            entraGroup: group,
            applied: applied.includes(entry.name),
          }));
          out.result(result, () => {
            if (proposals.length === 0)
              out.line(`No platform ${kind} is named like exactly one unlinked Entra group.`);
            for (const { entry, group } of proposals) {
              out.line(
                `${opts.yes ? 'linked' : 'would link'} ${kind} "${entry.name}" → Entra group ${described(group)}`,
              );
            }
            if (!opts.yes && proposals.length > 0)
              out.line('Review the list, then run again with --yes to apply it.');
          });
          return;
        }
        if (name === undefined)
          throw new CliFailure(`Name the platform ${kind} to link (or use --same-names).`);
        target(opts);
        const group =
          opts.entraGroup !== undefined ? await resolveEntraGroup(client, opts.entraGroup) : undefined;
        const id = (group?.id ?? opts.entraGroupId ?? '').toLowerCase();
        const entry = await client.request<CatalogEntryView>('GET', `${base}/${namePath(name)}`);
        const saved = await setLinks(client, kind, name, [...entry.entraGroupIds, id]);
        out.result(saved, () => {
          out.line(
            `${kind} "${name}" linked to Entra group ${described(saved.entraGroups.find((g) => g.id === id) ?? { id, displayName: null })}; ${saved.usersRecomputed} user(s) updated`,
          );
        });
      }),
    );

  withApiOptions(cmd.command('unlink <name>').description(`remove a link from a platform ${kind}`))
    .option('--entra-group-id <oid>', 'the linked Entra group object ID')
    .option('--entra-group <displayName>', "the linked Entra group's current display name")
    .action(
      run(async ({ out, env }, name: string, opts: LinkOptions) => {
        target(opts);
        const client = adminClient(opts, env);
        const entry = await client.request<CatalogEntryView>('GET', `${base}/${namePath(name)}`);
        const matches = entry.entraGroups.filter((g) =>
          opts.entraGroupId !== undefined
            ? g.id === opts.entraGroupId.toLowerCase()
            : g.displayName === opts.entraGroup,
        );
        const [only] = matches;
        if (matches.length !== 1 || !only) {
          throw new CliFailure(
            `${matches.length === 0 ? 'No' : 'More than one'} linked Entra group matches; the links are:\n` +
              (entry.entraGroups.map((g) => `  ${described(g)}`).join('\n') || '  (none)'),
          );
        }
        const saved = await setLinks(
          client,
          kind,
          name,
          entry.entraGroupIds.filter((id) => id !== only.id),
        );
        out.result(saved, () =>
          out.line(
            `${kind} "${name}" unlinked from ${described(only)}; ${saved.usersRecomputed} user(s) updated`,
          ),
        );
      }),
    );
}
