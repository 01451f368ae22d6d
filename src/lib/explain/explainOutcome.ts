import { hasGroupOverage } from '../directory/overageGroups';
import { BridgeError } from '../errors';
import type { SignInDecision } from '../users/signInDecision';
import type { Explanation } from './explanation';

/**
 * The outcome explain reports, in the exchange's order: the verifier's refusal, the platform
 * token's lifetime (`platformTokenExpiry`), then the sign-in decision's own refusal.
 */
export function outcomeOf(
  validation: Explanation['validation'],
  expiry: number | BridgeError,
  decision: SignInDecision,
): Explanation['outcome'] {
  if (!validation.ok) {
    return {
      wouldIssue: false,
      reason: validation.reason ?? 'token_malformed', // a refused validation always names its reason
      message: validation.message ?? '',
    };
  }
  if (expiry instanceof BridgeError)
    return { wouldIssue: false, reason: expiry.code, message: expiry.message };
  if (decision.refusal) return { wouldIssue: false, ...decision.refusal };
  return { wouldIssue: true, reason: null, message: 'A platform token would be issued.' };
}

/** Group overage, detected exactly as the exchange detects it (`hasGroupOverage`). */
export function overage(
  claims: Readonly<Record<string, unknown>>,
  resolved: number,
  membershipClaims: string,
): Explanation['overage'] {
  if (!hasGroupOverage(claims)) return null;
  return {
    detected: true,
    resolvedValues: resolved,
    note:
      'The token carries too many groups to list them (group overage). The bridge asks Microsoft Graph ' +
      `(getMemberObjects) for them itself, keeps what the claim would have held under ${membershipClaims}, ` +
      'and never calls the URL the token names.',
  };
}
