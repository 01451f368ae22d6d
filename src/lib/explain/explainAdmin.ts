import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { GUID_PATTERN } from '../config/settingParsers';
import { type ClaimValues, IS_ADMIN_VALUE } from '../mapping/claimValues';
import type { Assignments } from '../users/signInDecision';
import { createNameMatcher } from '../mapping/nameMatcher';

/**
 * Says in words why the mapping did or did not make the user an administrator: the admin
 * claim's value, or which groups value equals `OAUTH_ADMIN_ROLE_NAME`, or why not — and, for
 * reading only, a look-alike: a group whose directory name equals `OAUTH_ADMIN_ROLE_NAME`, or
 * the admin group's own name, without being it (anyone may name a group so; only the value counts).
 */
export function explainAdmin(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'adminRoleName' | 'claims'>,
  values: ClaimValues,
  assignments: Pick<Assignments, 'isAdmin' | 'adminReason' | 'adminValue'>,
  directory: DirectoryView,
): string {
  const claim = config.claims.isAdmin;
  const groupsClaim = config.claims.groups;
  const admin = config.adminRoleName;
  if (assignments.adminReason === 'claim') return `claim "${claim}" is "${IS_ADMIN_VALUE}"`;
  if (assignments.adminReason === 'admin_group') {
    return `"${groupsClaim}" value "${assignments.adminValue ?? '?'}" is OAUTH_ADMIN_ROLE_NAME "${admin}"`;
  }
  const parts: string[] = [
    values.isAdmin.length === 0
      ? `no "${claim}" claim`
      : `claim "${claim}" is ${values.isAdmin.map((v) => `"${v}"`).join(', ')}, not "${IS_ADMIN_VALUE}"`,
    `no "${groupsClaim}" value is OAUTH_ADMIN_ROLE_NAME "${admin}"`,
  ];
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  // The setting itself, and the real admin group's directory name when the setting is its object ID.
  const adminGroupName = GUID_PATTERN.test(admin) ? directory.group(admin)?.displayName : undefined;
  const adminKeys = new Set(
    [admin, adminGroupName].flatMap((n) => (n === undefined ? [] : [matcher.key(n)])),
  );
  for (const value of new Set(values.groups)) {
    const name = GUID_PATTERN.test(value) ? directory.group(value)?.displayName : undefined;
    if (name !== undefined && adminKeys.has(matcher.key(name))) {
      parts.push(
        `look-alike: Entra group ${value} is named "${name}" but is not the admin group; display names never make administrators`,
      );
    } else if (matcher.caseSensitive && value !== admin && value.toLowerCase() === admin.toLowerCase()) {
      parts.push(`near miss: "${value}" differs from "${admin}" only by case`);
    }
  }
  if (!GUID_PATTERN.test(admin)) {
    parts.push(
      `note: OAUTH_ADMIN_ROLE_NAME is a name; tokens of cloud-only tenants carry object IDs, so set it to the admin group's object ID`,
    );
  }
  return parts.join('; ');
}
