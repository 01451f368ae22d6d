import type { AccessRefusal } from '../users/userAccess';
import type { Explanation } from './explanation';

/**
 * The sign-in outcome as `signInUser` would decide it: validation, user ID, the stored user's
 * refusal (`accessRefusal`: disabled, not provisioned), no group.
 */
export function decide(
  validation: Explanation['validation'],
  refusal: AccessRefusal | undefined,
  subjectId: string,
  mapped: { hasGroup: boolean; isAdmin: boolean },
): Explanation['outcome'] {
  if (!validation.ok) {
    return {
      wouldIssue: false,
      reason: validation.reason ?? 'token_rejected',
      message: validation.message ?? '',
    };
  }
  if (subjectId === '') {
    return {
      wouldIssue: false,
      reason: 'missing_user_id',
      message: 'No value in the claim that names the user.',
    };
  }
  if (refusal) return { wouldIssue: false, reason: refusal.reason, message: refusal.message };
  if (!mapped.hasGroup && !mapped.isAdmin) {
    return {
      wouldIssue: false,
      reason: 'no_group',
      message:
        'No claim value, default or manual assignment gives a platform group, and the user is not an administrator.',
    };
  }
  return { wouldIssue: true, reason: null, message: 'A platform token would be issued.' };
}

/** Group overage (ENTRA-SHAPES "Group overage"): `_claim_names` for the groups claim, or `hasgroups`. */
export function overage(
  claims: Readonly<Record<string, unknown>>,
  groupsClaim: string,
  resolved: number,
): Explanation['overage'] {
  const names = claims._claim_names;
  const viaSources = !!names && typeof names === 'object' && groupsClaim in names;
  if (!viaSources && claims.hasgroups !== true) return null;
  return {
    detected: true,
    resolvedValues: resolved,
    note:
      'The token carries too many groups to list them (group overage). The bridge asks Microsoft Graph ' +
      '(getMemberObjects) for them itself and never calls the URL the token names.',
  };
}
