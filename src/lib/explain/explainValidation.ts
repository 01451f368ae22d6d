import type { BridgeConfig } from '../config/bridgeConfig';
import { inspectToken } from '../entra/inspectToken';
import { stepOutcome, type VerificationStep } from '../entra/runTokenChecks';
import { CALLER_CHECK } from '../entra/tokenChecks';
import { normaliseUserId } from '../entra/userIdentifier';
import { type VerifiedEntraToken, verifiedEntraToken } from '../entra/verifiedEntraToken';
import type { EntraTokenVerifier } from '../entra/verifyEntraToken';
import { BridgeError } from '../errors';
import type { Explanation } from './explanation';

/** What to explain: an Entra access token, or a claims object (validation is then skipped). */
export type ExplainInput =
  | { readonly token: string }
  | { readonly claims: Readonly<Record<string, unknown>> };

type Validation = Explanation['validation'];

/**
 * The validation section of an explanation and the token the mapping reads: the verifier's
 * own checks (`verifier.explain`) for a token, which is still decoded when it fails, so the
 * mapping it would get once fixed is shown too; for bare claims only the caller check, as
 * information.
 */
export async function explainValidation(
  deps: { readonly config: BridgeConfig; readonly verifier: Pick<EntraTokenVerifier, 'explain'> },
  input: ExplainInput,
): Promise<{ validation: Validation; token: VerifiedEntraToken }> {
  if ('claims' in input) {
    const { token, step } = asToken(deps.config, input.claims);
    return {
      validation: { performed: false, ok: true, steps: [step], note: 'claims given, validation skipped' },
      token,
    };
  }
  const result = await deps.verifier.explain(input.token);
  if (result.token)
    return { validation: { performed: true, ok: true, steps: result.steps }, token: result.token };
  const failed = {
    performed: true,
    ok: false,
    steps: result.steps,
    reason: result.error?.code,
    message: result.error?.message,
  };
  let claims: Readonly<Record<string, unknown>> = {};
  try {
    claims = inspectToken(input.token).payload;
  } catch {
    return {
      validation: { ...failed, note: 'the token cannot be decoded; nothing to map' },
      token: asToken(deps.config, {}).token,
    };
  }
  return {
    validation: {
      ...failed,
      note: 'the mapping below uses the unverified claims: it is what the token would get once valid',
    },
    token: asToken(deps.config, claims).token,
  };
}

/**
 * Claims as a token would be read once valid, through the verifier's own caller check; its
 * outcome is recorded as information.
 */
function asToken(
  config: BridgeConfig,
  claims: Readonly<Record<string, unknown>>,
): { token: VerifiedEntraToken; step: VerificationStep } {
  const version = claims.ver === '1.0' ? '1.0' : '2.0';
  const expiresAt = typeof claims.exp === 'number' ? claims.exp : 0;
  try {
    const token = { ...verifiedEntraToken(config, claims, version), expiresAt };
    return { token, step: stepOutcome(CALLER_CHECK) };
  } catch (err) {
    const step = stepOutcome(CALLER_CHECK, err);
    const kind = claims.idtyp === 'app' || claims.scp === undefined ? 'app' : 'user';
    const idClaim = kind === 'app' ? 'oid' : config.claims.userId;
    const client = claims.azp ?? claims.appid;
    const token: VerifiedEntraToken = {
      claims,
      version,
      kind,
      tenantId: config.tenantId,
      clientId: typeof client === 'string' ? client.toLowerCase() : '',
      subjectId: userIdOrNone(idClaim, claims[idClaim]),
      scopes: typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [],
      appRoles: Array.isArray(claims.roles)
        ? claims.roles.filter((r): r is string => typeof r === 'string')
        : [],
      expiresAt,
    };
    return { token, step };
  }
}

/** The user's ID as the exchange would store it, or '' when the exchange would refuse it. */
function userIdOrNone(claim: string, value: unknown): string {
  try {
    return normaliseUserId(claim, value);
  } catch (err) {
    if (err instanceof BridgeError) return '';
    throw err;
  }
}
