import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { ClaimIndex } from '../mapping/claimIndex';
import { type ClaimValues, IS_ADMIN_VALUE } from '../mapping/claimValues';
import { isAdminGroupValue, matchClaimValue, type ValueDecision } from '../mapping/matchClaimValue';
import { createNameMatcher } from '../mapping/nameMatcher';
import type { LinkedName, PlatformCatalog } from '../mapping/platformCatalog';
import type { Reason, SIGN_IN_REASONS } from '../reasons';
import type { StoredUser } from './storedUser';
import { accessRefusal } from './userAccess';

/** Why a valid token gets no platform token. Stable codes of the HTTP contract. */
export type SignInRefusal = Extract<Reason, 'missing_user_id' | (typeof SIGN_IN_REASONS)[number]>;

export type MappingSettings = Pick<
  BridgeConfig,
  'caseSensitiveMatching' | 'defaultGroups' | 'defaultRoles' | 'adminRoleName'
>;

export interface SignInInput {
  /** Value of the user-ID claim ('' when the token has none). */
  readonly subjectId: string;
  readonly claimValues: ClaimValues;
  readonly catalog: PlatformCatalog;
  /** The synchronised directory: it only names groups for people (never matched). */
  readonly directory: DirectoryView;
  /** The stored user, when there is one: the disabled flag and manual assignments take part. */
  readonly stored:
    | Pick<StoredUser, 'disabled' | 'disabledReason' | 'manualGroups' | 'manualRoles'>
    | undefined;
}

/** What the claims give: the mapping's part of the decision, stored on the user. */
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

export interface SignInDecision {
  readonly assignments: Assignments;
  /** Effective groups and roles of the platform token: claim-made, defaults, and manual ones that still exist. */
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly refusal: { readonly reason: SignInRefusal; readonly message: string } | null;
}

const MESSAGES: Record<Exclude<SignInRefusal, 'user_disabled' | 'user_not_provisioned'>, string> = {
  missing_user_id: 'No value in the claim that names the user.',
  no_group:
    'No claim value, default or manual assignment gives a platform group, and the user is not an administrator (see /api/admin/explain).',
};

/**
 * The sign-in decision, the one the exchange, explain and the recomputation after a link
 * change all run. Each claim value selects the platform entries it is linked to or named
 * after (`matchClaimValue`: nothing a tenant member can type grants anything); defaults are
 * added; administrators come from the admin claim or a groups value equal to
 * `OAUTH_ADMIN_ROLE_NAME`; manual assignments count while they still name a platform group or
 * role (an entry deleted with `force` grants nothing, even before every stored user was
 * cleaned); then the refusals in the order the exchange meets them. Pure: no I/O.
 */
export function decideSignIn(
  config: MappingSettings & Pick<BridgeConfig, 'jitProvisioning'>,
  input: SignInInput,
): SignInDecision {
  const { claimValues, catalog, directory } = input;
  const matcher = createNameMatcher(config.caseSensitiveMatching);
  const groupIndex = new ClaimIndex(catalog.groups, matcher);
  const roleIndex = new ClaimIndex(catalog.roles, matcher);
  const decisions = {
    groups: unique(claimValues.groups).flatMap((value) => matchClaimValue(value, groupIndex, directory)),
    roles: unique(claimValues.roles).flatMap((value) => matchClaimValue(value, roleIndex, directory)),
  };
  const missing: string[] = [];
  const pickDefaults = (names: readonly string[], index: ClaimIndex) =>
    names.flatMap((name) => {
      const found = index.names.find(name);
      if (found === undefined) missing.push(name);
      return found === undefined ? [] : [found];
    });
  const defaults = {
    groups: pickDefaults(config.defaultGroups, groupIndex),
    roles: pickDefaults(config.defaultRoles, roleIndex),
    missing,
  };
  const adminValue =
    unique(claimValues.groups).find((value) => isAdminGroupValue(value, config.adminRoleName, matcher)) ??
    null;
  const byClaim = claimValues.isAdmin.includes(IS_ADMIN_VALUE);
  const assignments: Assignments = {
    groups: unique([...matched(decisions.groups), ...defaults.groups]),
    roles: unique([...matched(decisions.roles), ...defaults.roles]),
    isAdmin: byClaim || adminValue !== null,
    adminReason: byClaim ? 'claim' : adminValue !== null ? 'admin_group' : null,
    adminValue: byClaim ? null : adminValue,
    decisions,
    defaults,
  };

  const groups = unique([
    ...assignments.groups,
    ...existing(input.stored?.manualGroups ?? [], catalog.groups),
  ]);
  const roles = unique([...assignments.roles, ...existing(input.stored?.manualRoles ?? [], catalog.roles)]);
  const refuse = (reason: SignInRefusal, message: string) => ({
    assignments,
    groups,
    roles,
    refusal: { reason, message },
  });
  if (input.subjectId === '') return refuse('missing_user_id', MESSAGES.missing_user_id);
  // Disabled (by an administrator, or because Entra disabled or deleted the account), or not provisioned.
  const access = accessRefusal(config, input.stored, assignments.isAdmin);
  if (access) return refuse(access.reason, access.message);
  if (groups.length === 0 && !assignments.isAdmin) return refuse('no_group', MESSAGES.no_group);
  return { assignments, groups, roles, refusal: null };
}

function existing(names: readonly string[], entries: readonly LinkedName[]): string[] {
  const known = new Set(entries.map((e) => e.name));
  return names.filter((name) => known.has(name));
}

function matched(decisions: readonly ValueDecision[]): string[] {
  return decisions.flatMap((d) => (d.outcome === 'matched' ? [d.target] : []));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
