import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { matchClaimValue, type ValueDecision } from './matchClaimValue';
import { createNameMatcher, NameIndex } from './nameMatcher';

/** The platform's own groups and roles (Table Storage), by name. */
export interface PlatformCatalog {
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

/** The raw values the mapping reads from a token; stored so syncs can recompute. */
export interface ClaimValues {
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Values of `OAUTH_USER_IS_ADMIN_CLAIM`. */
  readonly isAdmin: readonly string[];
}

export interface Assignments {
  /** Groups from claims and defaults (not the manual ones). */
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly adminReason: 'claim' | 'admin_group' | null;
  readonly decisions: { readonly groups: readonly ValueDecision[]; readonly roles: readonly ValueDecision[] };
  readonly defaults: {
    readonly groups: readonly string[];
    readonly roles: readonly string[];
    /** Configured defaults that name no platform group/role. */
    readonly missing: readonly string[];
  };
}

/** The value of `OAUTH_USER_IS_ADMIN_CLAIM` that makes a user an administrator. */
export const IS_ADMIN_VALUE = 'is_admin';

/**
 * Maps a token's claim values onto platform groups and roles (DESIGN.md step 3): each value
 * that names a platform group (directly, or through the directory for group OIDs) assigns
 * it; values naming nothing are ignored with a reason; defaults are added; admin by the
 * admin claim or by membership of `OAUTH_ADMIN_ROLE_NAME`. Pure: no I/O.
 */
export function mapAssignments(
  config: Pick<BridgeConfig, 'caseSensitiveMatching' | 'defaultGroups' | 'defaultRoles' | 'adminRoleName'>,
  claims: ClaimValues,
  catalog: PlatformCatalog,
  directory: DirectoryView,
): Assignments {
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const groupIndex = new NameIndex(catalog.groups, matcher);
  const roleIndex = new NameIndex(catalog.roles, matcher);
  const groupDecisions = unique(claims.groups).map((v) => matchClaimValue(v, groupIndex, directory));
  const roleDecisions = unique(claims.roles).map((v) => matchClaimValue(v, roleIndex, directory));

  const missing: string[] = [];
  const pickDefaults = (names: readonly string[], index: NameIndex) =>
    names.flatMap((name) => {
      const found = index.find(name);
      if (found === undefined) missing.push(name);
      return found === undefined ? [] : [found];
    });
  const defaultGroups = pickDefaults(config.defaultGroups, groupIndex);
  const defaultRoles = pickDefaults(config.defaultRoles, roleIndex);

  const adminIndex = new NameIndex([config.adminRoleName], matcher);
  const inAdminGroup = unique(claims.groups).some(
    (value) => matchClaimValue(value, adminIndex, directory).outcome === 'matched',
  );
  const byClaim = claims.isAdmin.includes(IS_ADMIN_VALUE);

  return {
    groups: unique([...matched(groupDecisions), ...defaultGroups]),
    roles: unique([...matched(roleDecisions), ...defaultRoles]),
    isAdmin: byClaim || inAdminGroup,
    adminReason: byClaim ? 'claim' : inAdminGroup ? 'admin_group' : null,
    decisions: { groups: groupDecisions, roles: roleDecisions },
    defaults: { groups: defaultGroups, roles: defaultRoles, missing },
  };
}

/** Reads the mapping's inputs from verified claims under the configured claim names. */
export function readClaimValues(
  claims: Readonly<Record<string, unknown>>,
  names: { groups: string; roles: string; isAdmin: string },
): ClaimValues {
  return {
    groups: strings(claims[names.groups]),
    roles: strings(claims[names.roles]),
    isAdmin: strings(claims[names.isAdmin]),
  };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function matched(decisions: readonly ValueDecision[]): string[] {
  return decisions.flatMap((d) => (d.outcome === 'matched' ? [d.target] : []));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
