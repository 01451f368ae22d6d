import { GUID_PATTERN } from '../config/settingParsers';
import type { DirectoryView } from '../directory/directoryView';
import type { ClaimIndex } from './claimIndex';
import type { NameMatcher } from './nameMatcher';

/** Why a claim value selected nothing. Stable codes shown by explain and logs. */
export type IgnoreReason =
  | 'no_such_group' // names no platform group or role
  | 'differs_only_by_case' // a platform name equals it except for case, and matching is case-sensitive
  | 'not_linked'; // an Entra group object ID that no platform group or role is linked to

/** How a claim value selected a platform name: one of its linked object IDs, or its very name. */
export type MatchVia = 'link' | 'name';

interface ForReading {
  /** The directory's current display name of the group, for people to read (never matched). */
  readonly displayName: string | null;
  /**
   * A platform name the group's directory name (or on-premises name) equals although the
   * value selects no such entry: shown as "not granted; link it if you mean it".
   */
  readonly lookAlike: string | null;
}

export type ValueDecision =
  | ({
      readonly value: string;
      readonly outcome: 'matched';
      readonly target: string;
      readonly via: MatchVia;
    } & ForReading)
  | ({
      readonly value: string;
      readonly outcome: 'ignored';
      readonly reason: IgnoreReason;
      readonly detail?: string;
    } & ForReading);

/**
 * Decides what one claim value selects among platform groups (or roles). Exactly two rules
 * grant: the value is one of an entry's linked Entra group object IDs, or it equals the
 * entry's name (names Entra itself puts in tokens: on-premises names, app roles, custom
 * claims, names of groups assigned to the application). The synchronised directory only
 * names the group for people: anyone in a tenant can usually create a group and call it
 * what they like, so a display name is never a path to a grant. One decision per selected
 * entry; a value that selects nothing yields one `ignored` decision.
 */
export function matchClaimValue(value: string, index: ClaimIndex, directory: DirectoryView): ValueDecision[] {
  const targets: { target: string; via: MatchVia }[] = index.linked(value).map((target) => ({
    target,
    via: 'link',
  }));
  const named = index.names.find(value);
  if (named !== undefined && !targets.some((t) => t.target === named))
    targets.push({ target: named, via: 'name' });

  const group = GUID_PATTERN.test(value) ? directory.group(value) : undefined;
  const displayName = group?.displayName ?? null;
  const selected = new Set(targets.map((t) => t.target));
  const lookAlike =
    [group?.displayName, group?.onPremisesSamAccountName ?? undefined]
      .map((name) => (name === undefined ? undefined : index.names.find(name)))
      .find((name): name is string => name !== undefined && !selected.has(name)) ?? null;

  if (targets.length > 0) {
    return targets.map(({ target, via }) => ({
      value,
      outcome: 'matched',
      target,
      via,
      displayName,
      lookAlike,
    }));
  }
  const caseVariant = index.names.matcher.caseSensitive ? index.names.caseVariants(value)[0] : undefined;
  if (caseVariant !== undefined) {
    return [
      {
        value,
        outcome: 'ignored',
        reason: 'differs_only_by_case',
        detail: `platform name is "${caseVariant}"`,
        displayName,
        lookAlike,
      },
    ];
  }
  if (!GUID_PATTERN.test(value))
    return [{ value, outcome: 'ignored', reason: 'no_such_group', displayName, lookAlike }];
  const detail = group
    ? `Entra group "${group.displayName}" is linked to no platform entry`
    : directory.synced
      ? 'unknown to the synchronised directory'
      : 'the directory has not been synchronised yet';
  return [{ value, outcome: 'ignored', reason: 'not_linked', detail, displayName, lookAlike }];
}

/**
 * True when a groups-claim value makes its holder an administrator: it equals
 * `OAUTH_ADMIN_ROLE_NAME` literally (under the configured case rule; object IDs are GUIDs
 * and compare without case). Never through a directory display name.
 */
export function isAdminGroupValue(value: string, adminRoleName: string, matcher: NameMatcher): boolean {
  if (GUID_PATTERN.test(value) && GUID_PATTERN.test(adminRoleName)) {
    return value.toLowerCase() === adminRoleName.toLowerCase();
  }
  return matcher.key(value) === matcher.key(adminRoleName);
}
