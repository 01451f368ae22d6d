import type { BridgeConfig } from '../config/bridgeConfig';
import type { PlatformCatalog } from '../mapping/mapAssignments';
import { type IgnoreReason, matchClaimValue, type MatchVia } from '../mapping/matchClaimValue';
import { createNameMatcher, NameIndex } from '../mapping/nameMatcher';
import type { DirectoryView } from './directoryView';

/** One Entra group and what a token carrying its OID maps to. */
export interface DescribedGroup {
  readonly id: string;
  readonly displayName: string;
  readonly onPremisesSamAccountName: string | null;
  readonly securityEnabled: boolean;
  /** Several live groups share this display name: none of them maps by display name. */
  readonly ambiguous: boolean;
  readonly platformGroup: { readonly name: string; readonly via: MatchVia } | null;
  readonly platformRole: { readonly name: string; readonly via: MatchVia } | null;
  /** Members are administrators (`OAUTH_ADMIN_ROLE_NAME` names this group). */
  readonly admin: boolean;
  /** Why the group maps to no platform group, when it does not. */
  readonly reason: IgnoreReason | null;
}

export interface GroupListing {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly groups: readonly DescribedGroup[];
}

/**
 * `GET /api/admin/directory/groups`: OID → name → platform group/role, through exactly the
 * matching the token exchange uses (`matchClaimValue`), sorted by display name. `mapped`
 * keeps only groups that map to something. Pure.
 */
export function describeDirectoryGroups(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'adminRoleName'>,
  view: DirectoryView,
  catalog: PlatformCatalog,
  page: { offset: number; limit: number; mapped: boolean },
): GroupListing {
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const groups = new NameIndex(catalog.groups, matcher);
  const roles = new NameIndex(catalog.roles, matcher);
  const admin = new NameIndex([config.adminRoleName], matcher);
  const described = [...view.groups()]
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id))
    .map((group): DescribedGroup => {
      const asGroup = matchClaimValue(group.id, groups, view);
      const asRole = matchClaimValue(group.id, roles, view);
      return {
        id: group.id,
        displayName: group.displayName,
        onPremisesSamAccountName: group.onPremisesSamAccountName,
        securityEnabled: group.securityEnabled,
        ambiguous: view.isAmbiguousName(group.displayName),
        platformGroup: asGroup.outcome === 'matched' ? { name: asGroup.target, via: asGroup.via } : null,
        platformRole: asRole.outcome === 'matched' ? { name: asRole.target, via: asRole.via } : null,
        admin: matchClaimValue(group.id, admin, view).outcome === 'matched',
        reason: asGroup.outcome === 'ignored' ? asGroup.reason : null,
      };
    })
    .filter((g) => !page.mapped || g.platformGroup !== null || g.platformRole !== null || g.admin);
  return {
    total: described.length,
    offset: page.offset,
    limit: page.limit,
    groups: described.slice(page.offset, page.offset + page.limit),
  };
}
