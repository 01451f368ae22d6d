import type { BridgeConfig } from '../config/bridgeConfig';
import { GUID_PATTERN } from '../config/settingParsers';
import type { DirectoryGroup, DirectoryView } from '../directory/directoryView';
import { createNameMatcher } from './nameMatcher';
import type { PlatformCatalog } from './platformCatalog';

/** A platform entry that an Entra group's directory name equals, without a link to that group. */
export interface UnlinkedLookAlike {
  readonly kind: 'group' | 'role' | 'admin';
  /** The platform group or role name, or `OAUTH_ADMIN_ROLE_NAME` for `admin`. */
  readonly name: string;
  readonly entraGroups: readonly { readonly id: string; readonly displayName: string }[];
}

/** The command that reviews and links them, printed wherever look-alikes are reported. */
export const LINK_SAME_NAMES_COMMAND =
  'entra-bridge groups link --same-names && entra-bridge roles link --same-names';

/**
 * Platform groups and roles whose name equals exactly one live Entra group's directory name
 * (or on-premises name) that is not linked to them — what older releases matched through the
 * directory and this one no longer grants — and an `OAUTH_ADMIN_ROLE_NAME` that is a
 * directory name rather than an object ID. Operators link them on purpose
 * (`LINK_SAME_NAMES_COMMAND`); nothing is linked automatically, because anyone in a tenant
 * may have created the group that carries the name. Pure.
 */
export function findUnlinkedLookAlikes(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'adminRoleName'>,
  catalog: PlatformCatalog,
  directory: DirectoryView,
): UnlinkedLookAlike[] {
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const byName = new Map<string, DirectoryGroup[]>();
  for (const group of directory.groups()) {
    const keys = new Set(
      [group.displayName, group.onPremisesSamAccountName ?? ''].filter(Boolean).map(matcher.key),
    );
    for (const key of keys) byName.set(key, [...(byName.get(key) ?? []), group]);
  }
  const sameName = (name: string) => (GUID_PATTERN.test(name) ? [] : (byName.get(matcher.key(name)) ?? []));
  const found: UnlinkedLookAlike[] = [];
  for (const [kind, entries] of [
    ['group', catalog.groups],
    ['role', catalog.roles],
  ] as const) {
    for (const entry of entries) {
      const candidates = sameName(entry.name);
      if (
        candidates.length !== 1 ||
        candidates.some((g) => entry.entraGroupIds.includes(g.id.toLowerCase()))
      ) {
        continue;
      }
      found.push({
        kind,
        name: entry.name,
        entraGroups: candidates.map(({ id, displayName }) => ({ id, displayName })),
      });
    }
  }
  const admins = sameName(config.adminRoleName);
  if (admins.length > 0) {
    found.push({
      kind: 'admin',
      name: config.adminRoleName,
      entraGroups: admins.map(({ id, displayName }) => ({ id, displayName })),
    });
  }
  return found;
}

/** One line per look-alike, for logs and the CLI. */
export function describeLookAlike(item: UnlinkedLookAlike): string {
  const groups = item.entraGroups.map((g) => `"${g.displayName}" (${g.id})`).join(', ');
  if (item.kind === 'admin') {
    return `OAUTH_ADMIN_ROLE_NAME "${item.name}" is the name of Entra group ${groups}; tokens carry object IDs and names never make administrators: set OAUTH_ADMIN_ROLE_NAME to the object ID`;
  }
  return `platform ${item.kind} "${item.name}" is not linked to Entra group ${groups} of the same name, so it grants nothing through it: review and link with \`entra-bridge ${item.kind}s link --same-names\``;
}
