import { GUID_PATTERN } from '../config/settingParsers';
import type { DirectoryView } from '../directory/directoryView';
import type { NameIndex } from './nameMatcher';

/** Why a claim value selected nothing. Stable codes shown by explain and logs. */
export type IgnoreReason =
  | 'no_such_group' // nothing of that name (or no directory entry for that OID)
  | 'differs_only_by_case' // a platform name equals it except for case, and matching is case-sensitive
  | 'ambiguous_display_name' // the OID's display name is shared by several Entra groups
  | 'unknown_to_directory'; // an OID the synchronised directory does not know (or knows as deleted)

/** How a claim value reached a platform name. */
export type MatchVia = 'name' | 'displayName' | 'onPremisesSamAccountName';

export type ValueDecision =
  | { readonly value: string; readonly outcome: 'matched'; readonly target: string; readonly via: MatchVia }
  | {
      readonly value: string;
      readonly outcome: 'ignored';
      readonly reason: IgnoreReason;
      readonly detail?: string;
    };

/**
 * Decides what one claim value selects among `names` (platform groups or roles): the name
 * itself; else, for a group object ID, the group's current display name or its
 * on-premises sAMAccountName from the synchronised directory.
 */
export function matchClaimValue(value: string, names: NameIndex, directory: DirectoryView): ValueDecision {
  const direct = names.find(value);
  if (direct !== undefined) return { value, outcome: 'matched', target: direct, via: 'name' };

  const caseVariant = names.matcher.caseSensitive ? names.caseVariants(value)[0] : undefined;
  if (!GUID_PATTERN.test(value)) {
    return caseVariant !== undefined
      ? {
          value,
          outcome: 'ignored',
          reason: 'differs_only_by_case',
          detail: `platform name is "${caseVariant}"`,
        }
      : { value, outcome: 'ignored', reason: 'no_such_group' };
  }

  const group = directory.group(value);
  if (!group) {
    return directory.synced
      ? { value, outcome: 'ignored', reason: 'unknown_to_directory' }
      : {
          value,
          outcome: 'ignored',
          reason: 'no_such_group',
          detail: 'the directory has not been synchronised yet',
        };
  }
  let ambiguous = false;
  if (directory.isAmbiguousName(group.displayName)) {
    ambiguous = true;
  } else {
    const byDisplayName = names.find(group.displayName);
    if (byDisplayName !== undefined)
      return { value, outcome: 'matched', target: byDisplayName, via: 'displayName' };
  }
  if (group.onPremisesSamAccountName) {
    const bySam = names.find(group.onPremisesSamAccountName);
    if (bySam !== undefined)
      return { value, outcome: 'matched', target: bySam, via: 'onPremisesSamAccountName' };
  }
  if (ambiguous) {
    return {
      value,
      outcome: 'ignored',
      reason: 'ambiguous_display_name',
      detail: `several Entra groups are named "${group.displayName}"`,
    };
  }
  const variant = names.matcher.caseSensitive ? names.caseVariants(group.displayName)[0] : undefined;
  return variant !== undefined
    ? {
        value,
        outcome: 'ignored',
        reason: 'differs_only_by_case',
        detail: `directory name "${group.displayName}", platform name "${variant}"`,
      }
    : { value, outcome: 'ignored', reason: 'no_such_group', detail: `directory name "${group.displayName}"` };
}
