import { signInUser } from '../src/lib/users/signInUser';
import { createPrivateKey, createPublicKey, type JsonWebKey, sign, verify } from 'node:crypto';
import { DEMO_TENANT } from '../dev/demoTenant';
import { createBridge } from '../src/lib/bridge';
import { TOKEN_TYPE } from '../src/lib/exchange/exchangeRequest';
import { exchangeToken, platformTokenRequest } from '../src/lib/exchange/exchangeToken';
import { interleavedRates, microsPerCall, type Rates } from './measure';
import type { BenchStack } from './stack';

export interface CostSplit {
  /** µs per call, calls one after another in this process. */
  readonly verifyMicros: number;
  /** `signIn`: catalog snapshot (cached) + one Table read of the user; no write when warm. */
  readonly storageMicros: number;
  readonly signMicros: number;
  /** Sign-ins that wrote to storage (must be 0 on the warm path). */
  readonly writes: number;
  /** `exchangeToken` in this process (verify + user + mapping + sign), interleaved with the floor. */
  readonly exchange: Rates;
  /** One RS256 `crypto.verify` of the subject token + one ES256 `crypto.sign` of a platform token. */
  readonly floor: Rates;
}

/**
 * Where an exchange spends its time, measured with the bridge's own pieces (`createBridge`
 * with the host's settings): `verifier.verify`, `signIn`, `tokens.issue`; and the whole
 * warm exchange in process against the crypto it cannot avoid, both with pre-imported keys.
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
    const result = await signInUser(bridge, verified);
    if (result.written) writes += 1;
    return result;
  };
  const { user, decision } = await signIn();
  const issue = () => bridge.tokens.issue(platformTokenRequest(user, verified, decision));
  await microsPerCall(() => bridge.verifier.verify(subjectToken), iterations / 4);
  await microsPerCall(issue, iterations / 4);

  const request = {
    subjectToken,
    subjectTokenType: TOKEN_TYPE.accessToken,
    requestedTokenType: TOKEN_TYPE.accessToken,
  };
  const floor = await cryptoFloor(stack, subjectToken, (await issue()).token);
  const rates = await interleavedRates(
    { exchange: () => exchangeToken(bridge, request), floor },
    { rounds: 10, iterations: Math.max(100, iterations / 10), warmup: iterations / 4 },
  );
  const none = { wall: Number.NaN, cpu: Number.NaN };
  return {
    verifyMicros: await microsPerCall(() => bridge.verifier.verify(subjectToken), iterations),
    storageMicros: await microsPerCall(signIn, Math.max(50, iterations / 10)),
    signMicros: await microsPerCall(issue, iterations),
    writes,
    exchange: rates.exchange ?? none,
    floor: rates.floor ?? none,
  };
}

/**
 * The crypto of one exchange and nothing else: `crypto.verify` of the subject token with
 * the tenant's key and `crypto.sign` (ES256, R‖S) of a platform token's signing input with
 * the bridge's key, both `KeyObject`s made once.
 */
async function cryptoFloor(stack: BenchStack, subjectToken: string, platformToken: string) {
  const [header, payload, signature] = subjectToken.split('.') as [string, string, string];
  const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
  const tenantJwk = stack.identity.authority
    .publicJwks(DEMO_TENANT.tenantId)
    .keys.find((k) => (k as { kid?: string }).kid === kid) as JsonWebKey;
  const publicKey = createPublicKey({ key: tenantJwk, format: 'jwk' });
  const verifyInput = Buffer.from(`${header}.${payload}`);
  const verifySignature = Buffer.from(signature, 'base64url');
  const [signingJwk] = (JSON.parse(stack.settings.BRIDGE_SIGNING_KEYS ?? '{}') as { keys: JsonWebKey[] })
    .keys;
  const privateKey = createPrivateKey({ key: signingJwk as JsonWebKey, format: 'jwk' });
  const signInput = Buffer.from(platformToken.slice(0, platformToken.lastIndexOf('.')));
  if (!verify('sha256', verifyInput, publicKey, verifySignature)) throw new Error('floor: verify failed');
  return () => {
    verify('sha256', verifyInput, publicKey, verifySignature);
    sign('sha256', signInput, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  };
}
