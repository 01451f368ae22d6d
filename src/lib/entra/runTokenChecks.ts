import { BridgeError } from '../errors';
import type { TokenCheck, TokenUnderCheck } from './tokenChecks';
import type { VerifiedEntraToken } from './verifiedEntraToken';

/** One line of an explanation: a check and how it went. */
export interface VerificationStep {
  readonly step: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly message?: string;
}

/**
 * The fast path's runner: every check in order, stopping at the first that throws. Stays
 * synchronous until a check returns a promise, so a token whose claims are already verified
 * costs no turn of the event loop.
 */
export function runTokenChecks(
  checks: readonly TokenCheck[],
  token: TokenUnderCheck,
  from = 0,
): VerifiedEntraToken | Promise<VerifiedEntraToken> {
  for (let i = from; i < checks.length; i += 1) {
    const pending = checks[i]?.check(token);
    if (pending) return pending.then(() => runTokenChecks(checks, token, i + 1));
  }
  return resultOf(token);
}

/**
 * Explain's runner: the same checks in the same order, each recorded as passed or with the
 * reason it failed; the first failure ends the run, as it ends a verification.
 */
export async function recordTokenChecks(
  checks: readonly TokenCheck[],
  token: TokenUnderCheck,
): Promise<{ steps: VerificationStep[]; token?: VerifiedEntraToken; error?: BridgeError }> {
  const steps: VerificationStep[] = [];
  for (const { name, check } of checks) {
    try {
      await check(token);
    } catch (err) {
      steps.push(stepOutcome(name, err));
      return { steps, error: err as BridgeError };
    }
    steps.push(stepOutcome(name));
  }
  return { steps, token: resultOf(token) };
}

/**
 * A check's line: passed without an error, else its reason. Anything but a `BridgeError`
 * is a fault of ours, not an answer about the token: it is thrown on.
 */
export function stepOutcome(step: string, err?: unknown): VerificationStep {
  if (err === undefined) return { step, ok: true };
  if (err instanceof BridgeError) return { step, ok: false, reason: err.code, message: err.message };
  throw err;
}

function resultOf(token: TokenUnderCheck): VerifiedEntraToken {
  if (!token.verified) throw new Error('The token checks ended before the caller check.');
  return token.verified;
}
