import { createBridge } from '../src/lib/bridge';
import { platformTokenRequest } from '../src/lib/exchange/exchangeToken';
import { microsPerCall } from './measure';
import type { BenchStack } from './stack';

export interface CostSplit {
  /** µs per call, calls one after another in this process. */
  readonly verifyMicros: number;
  /** `signIn`: catalog snapshot (cached) + one Table read of the user; no write when warm. */
  readonly storageMicros: number;
  readonly signMicros: number;
  /** Sign-ins that wrote to storage (must be 0 on the warm path). */
  readonly writes: number;
}

/**
 * Where an exchange spends its time, measured with the bridge's own pieces (`createBridge`
 * with the host's settings): `verifier.verify`, `signIn`, `tokens.issue`.
 */
export async function measureCostSplit(
  stack: BenchStack,
  subjectToken: string,
  iterations: number,
): Promise<CostSplit> {
  const bridge = await createBridge(stack.settings, { fetch: stack.fetch });
  const verified = await bridge.verifier.verify(subjectToken);
  let writes = 0;
  const signIn = async () => {
    const result = await bridge.signIn(verified);
    if (result.written) writes += 1;
    return result;
  };
  const { user, decision } = await signIn();
  const issue = () => bridge.tokens.issue(platformTokenRequest(user, verified, decision));
  await microsPerCall(() => bridge.verifier.verify(subjectToken), iterations / 4);
  await microsPerCall(issue, iterations / 4);
  return {
    verifyMicros: await microsPerCall(() => bridge.verifier.verify(subjectToken), iterations),
    storageMicros: await microsPerCall(signIn, Math.max(50, iterations / 10)),
    signMicros: await microsPerCall(issue, iterations),
    writes,
  };
}
