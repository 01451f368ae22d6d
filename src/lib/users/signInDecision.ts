import type { Reason, SIGN_IN_REASONS } from '../reasons';
import type { DirectoryView } from '../directory/directoryView';
import {
  type Assignments,
  type ClaimValues,
  type MappingSettings,
  mapAssignments,
} from '../mapping/mapAssignments';
import type { LinkedName, PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { StoredUser } from './storedUser';
import { accessRefusal } from './userAccess';

/** Why a valid token gets no platform token. Stable codes of the HTTP contract. */
export type SignInRefusal = Extract<Reason, 'missing_user_id' | (typeof SIGN_IN_REASONS)[number]>;

export interface SignInInput {
  /** Value of the user-ID claim ('' when the token has none). */
  readonly subjectId: string;
  readonly claimValues: ClaimValues;
  readonly catalog: PlatformCatalog;
  readonly directory: DirectoryView;
  /** The stored user, when there is one: the disabled flag and manual assignments take part. */
  readonly stored:
    | Pick<StoredUser, 'disabled' | 'disabledReason' | 'manualGroups' | 'manualRoles'>
    | undefined;
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
 * The sign-in decision, the one both the exchange and explain run: the mapping, the manual
 * assignments that still name a platform group or role (an entry deleted with `force`
 * grants nothing, even before every stored user was cleaned), and the refusals in the order
 * the exchange meets them. Pure.
 */
export function decideSignIn(
  config: MappingSettings & Pick<BridgeConfig, 'jitProvisioning'>,
  input: SignInInput,
): SignInDecision {
  const assignments = mapAssignments(config, input.claimValues, input.catalog, input.directory);
  const manualGroups = existing(input.stored?.manualGroups ?? [], input.catalog.groups);
  const manualRoles = existing(input.stored?.manualRoles ?? [], input.catalog.roles);
  const groups = [...new Set([...assignments.groups, ...manualGroups])];
  const roles = [...new Set([...assignments.roles, ...manualRoles])];
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
