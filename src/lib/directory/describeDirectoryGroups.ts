import type { BridgeConfig } from '../config/bridgeConfig';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import { ClaimIndex } from '../mapping/claimIndex';
import {
  isAdminGroupValue,
  matchClaimValue,
  type MatchVia,
  type ValueDecision,
} from '../mapping/matchClaimValue';
import { createNameMatcher } from '../mapping/nameMatcher';
import type { DirectoryView } from './directoryView';

const selectedBy = (decisions: readonly ValueDecision[]): Selected[] =>
  decisions.flatMap((d) => (d.outcome === 'matched' ? [{ name: d.target, via: d.via }] : []));

/** A platform entry a token carrying the group's object ID selects. */
export interface Selected {
  readonly name: string;
  readonly via: MatchVia;
}

/** One Entra group and what a token carrying its object ID maps to. */
export interface DescribedGroup {
  readonly id: string;
  readonly displayName: string;
  readonly onPremisesSamAccountName: string | null;
  readonly securityEnabled: boolean;
  /** Several live groups share this display name: pick by object ID when linking. */
  readonly ambiguous: boolean;
  readonly platformGroups: readonly Selected[];
  readonly platformRoles: readonly Selected[];
  /** Members are administrators (`OAUTH_ADMIN_ROLE_NAME` is this group's object ID). */
  readonly admin: boolean;
  /** Platform names this group's directory name equals although it selects none of them (not granted). */
  readonly lookAlikes: readonly string[];
}

export interface GroupListing {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly groups: readonly DescribedGroup[];
}

export interface GroupListFilter {
  readonly offset: number;
  readonly limit: number;
  /** Only groups that map to something. */
  readonly mapped: boolean;
  /** Display name contains it (ignoring case), or the object ID equals it. */
  readonly search?: string;
  /** Display name equals it, ignoring case: how a name is resolved to object IDs when linking. */
  readonly name?: string;
}

/**
 * `GET /api/admin/directory/groups`: object ID → display name → the platform groups and
 * roles a token carrying it selects, through exactly the matching the exchange uses
 * (`matchClaimValue`), sorted by display name. Pure.
 */
export function describeDirectoryGroups(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'adminRoleName'>,
  view: DirectoryView,
  catalog: PlatformCatalog,
  filter: GroupListFilter,
): GroupListing {
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const groups = new ClaimIndex(catalog.groups, matcher);
  const roles = new ClaimIndex(catalog.roles, matcher);
  const search = filter.search?.toLowerCase();
  const name = filter.name?.normalize('NFC').toLowerCase();
  const described = [...view.groups()]
    .filter((g) => search === undefined || g.id === search || g.displayName.toLowerCase().includes(search))
    .filter((g) => name === undefined || g.displayName.normalize('NFC').toLowerCase() === name)
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
        platformGroups: selectedBy(asGroup),
        platformRoles: selectedBy(asRole),
        admin: isAdminGroupValue(group.id, config.adminRoleName, matcher),
        lookAlikes: [
          ...new Set([...asGroup, ...asRole].flatMap((d) => (d.lookAlike === null ? [] : [d.lookAlike]))),
        ],
      };
    })
    .filter((g) => !filter.mapped || g.platformGroups.length > 0 || g.platformRoles.length > 0 || g.admin);
  return {
    total: described.length,
    offset: filter.offset,
    limit: filter.limit,
    groups: described.slice(filter.offset, filter.offset + filter.limit),
  };
}
