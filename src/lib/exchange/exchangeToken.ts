import type { EntraTokenVerifier, VerifiedEntraToken } from '../entra/verifyEntraToken';
import type { IssueRequest, PlatformTokens } from '../platform/platformTokens';
import { platformTokenExpiry } from '../platform/tokenLifetime';
import type { SignInDecision } from '../users/signInDecision';
import { type SignInDeps, signInUser } from '../users/signInUser';
import type { StoredUser } from '../users/storedUser';
import { TOKEN_TYPE, type ExchangeRequest } from './exchangeRequest';

/** RFC 8693 §2.2.1 successful response. */
export interface ExchangeResponse {
  readonly access_token: string;
  readonly issued_token_type: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

/** What an exchange uses; a bridge provides all of it. */
export interface ExchangeDeps extends SignInDeps {
  readonly verifier: Pick<EntraTokenVerifier, 'verify'>;
  readonly tokens: Pick<PlatformTokens, 'issue'>;
}

/**
 * The token exchange (RFC 8693): verify the Entra token, provision and map the caller,
 * issue a platform token that never outlives the Entra token.
 */
export async function exchangeToken(deps: ExchangeDeps, request: ExchangeRequest): Promise<ExchangeResponse> {
  const verified = await deps.verifier.verify(request.subjectToken);
  // Refused before anything is written: an Entra token inside the clock skew may be too close to its end.
  platformTokenExpiry(
    Math.floor(deps.now() / 1000),
    deps.config.bridge.tokenLifetimeSeconds,
    verified.expiresAt,
  );
  const { user, decision } = await signInUser(deps, verified);
  const { token, expiresIn } = await deps.tokens.issue(platformTokenRequest(user, verified, decision));
  return {
    access_token: token,
    issued_token_type:
      request.requestedTokenType === TOKEN_TYPE.jwt ? TOKEN_TYPE.jwt : TOKEN_TYPE.accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
  };
}

/** What the platform token says about a signed-in user: the decision's groups and roles, bounded by the Entra token. */
export function platformTokenRequest(
  user: StoredUser,
  verified: VerifiedEntraToken,
  decision: Pick<SignInDecision, 'groups' | 'roles'>,
): IssueRequest {
  return {
    subject: user.userId,
    clientId: verified.clientId,
    tenantId: user.tenantId,
    oid: user.oid,
    groups: decision.groups,
    roles: decision.roles,
    admin: user.isAdmin,
    notAfter: verified.expiresAt,
  };
}
