import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { ClaimIndex } from './claimIndex';
import { isAdminGroupValue, matchClaimValue, type ValueDecision } from './matchClaimValue';
import { createNameMatcher } from './nameMatcher';
import type { PlatformCatalog } from './platformCatalog';

export type { PlatformCatalog } from './platformCatalog';

/** The raw values the mapping reads from a token; stored so link changes can recompute. */
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
  /** The groups-claim value that equals `OAUTH_ADMIN_ROLE_NAME`, when that made the admin. */
  readonly adminValue: string | null;
  readonly decisions: { readonly groups: readonly ValueDecision[]; readonly roles: readonly ValueDecision[] };
  readonly defaults: {
    readonly groups: readonly string[];
    readonly roles: readonly string[];
    /** Configured defaults that name no platform group/role. */
    readonly missing: readonly string[];
  };
}

export type MappingSettings = Pick<
  BridgeConfig,
  'caseSensitiveMatching' | 'defaultGroups' | 'defaultRoles' | 'adminRoleName'
>;

/** The value of `OAUTH_USER_IS_ADMIN_CLAIM` that makes a user an administrator. */
export const IS_ADMIN_VALUE = 'is_admin';

/**
 * Maps a token's claim values onto platform groups and roles: each value selects the
 * entries it is linked to or named after (`matchClaimValue`); values selecting nothing are
 * ignored with a reason; defaults are added; administrators by the admin claim or by a
 * groups value equal to `OAUTH_ADMIN_ROLE_NAME`. The directory only names groups for
 * people. Pure: no I/O.
 */
export function mapAssignments(
  config: MappingSettings,
  claims: ClaimValues,
  catalog: PlatformCatalog,
  directory: DirectoryView,
): Assignments {
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const groupIndex = new ClaimIndex(catalog.groups, matcher);
  const roleIndex = new ClaimIndex(catalog.roles, matcher);
  const groupDecisions = unique(claims.groups).flatMap((v) => matchClaimValue(v, groupIndex, directory));
  const roleDecisions = unique(claims.roles).flatMap((v) => matchClaimValue(v, roleIndex, directory));

  const missing: string[] = [];
  const pickDefaults = (names: readonly string[], index: ClaimIndex) =>
    names.flatMap((name) => {
      const found = index.names.find(name);
      if (found === undefined) missing.push(name);
      return found === undefined ? [] : [found];
    });
  const defaultGroups = pickDefaults(config.defaultGroups, groupIndex);
  const defaultRoles = pickDefaults(config.defaultRoles, roleIndex);

  const adminValue =
    unique(claims.groups).find((value) => isAdminGroupValue(value, config.adminRoleName, matcher)) ?? null;
  const byClaim = claims.isAdmin.includes(IS_ADMIN_VALUE);

  return {
    groups: unique([...matched(groupDecisions), ...defaultGroups]),
    roles: unique([...matched(roleDecisions), ...defaultRoles]),
    isAdmin: byClaim || adminValue !== null,
    adminReason: byClaim ? 'claim' : adminValue !== null ? 'admin_group' : null,
    adminValue: byClaim ? null : adminValue,
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
