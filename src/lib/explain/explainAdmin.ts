import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { type Assignments, type ClaimValues, IS_ADMIN_VALUE } from '../mapping/mapAssignments';
import { matchClaimValue } from '../mapping/matchClaimValue';
import { createNameMatcher, NameIndex } from '../mapping/nameMatcher';

/**
 * Says in words why the mapping did or did not make the user an administrator: the admin
 * claim's value, or which groups value matched `OAUTH_ADMIN_ROLE_NAME` and how, or the near
 * misses (a case difference, an ambiguous display name).
 */
export function explainAdmin(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'adminRoleName' | 'claims'>,
  values: ClaimValues,
  assignments: Pick<Assignments, 'isAdmin' | 'adminReason'>,
  directory: DirectoryView,
): string {
  const claim = config.claims.isAdmin;
  if (assignments.adminReason === 'claim') return `claim "${claim}" is "${IS_ADMIN_VALUE}"`;
  const index = new NameIndex([config.adminRoleName], createNameMatcher(config.caseSensitiveMatching));
  const decisions = [...new Set(values.groups)].map((v) => matchClaimValue(v, index, directory));
  const groupsClaim = config.claims.groups;
  if (assignments.adminReason === 'admin_group') {
    const hit = decisions.find((d) => d.outcome === 'matched');
    const via = hit?.outcome === 'matched' && hit.via !== 'name' ? ` (through its ${hit.via})` : '';
    return `"${groupsClaim}" value "${hit?.value ?? '?'}" is the admin group OAUTH_ADMIN_ROLE_NAME "${config.adminRoleName}"${via}`;
  }
  const parts: string[] = [];
  parts.push(
    values.isAdmin.length === 0
      ? `no "${claim}" claim`
      : `claim "${claim}" is ${values.isAdmin.map((v) => `"${v}"`).join(', ')}, not "${IS_ADMIN_VALUE}"`,
  );
  parts.push(`no "${groupsClaim}" value matches OAUTH_ADMIN_ROLE_NAME "${config.adminRoleName}"`);
  for (const d of decisions) {
    if (
      d.outcome === 'ignored' &&
      (d.reason === 'differs_only_by_case' || d.reason === 'ambiguous_display_name')
    ) {
      parts.push(`near miss: "${d.value}" ${d.reason}${d.detail ? ` (${d.detail})` : ''}`);
    }
  }
  return parts.join('; ');
}
