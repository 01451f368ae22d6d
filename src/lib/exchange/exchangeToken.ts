import type { Bridge } from '../bridge';
import type { VerifiedEntraToken } from '../entra/verifyEntraToken';
import type { IssueRequest } from '../platform/platformTokens';
import { effectiveGroups, effectiveRoles, type StoredUser } from '../users/storedUser';
import { TOKEN_TYPE, type ExchangeRequest } from './exchangeRequest';

/** RFC 8693 §2.2.1 successful response. */
export interface ExchangeResponse {
  readonly access_token: string;
  readonly issued_token_type: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

/**
 * The token exchange (DESIGN.md steps 1–4): verify the Entra token, provision and map the
 * caller, issue a platform token that never outlives the Entra token.
 */
export async function exchangeToken(bridge: Bridge, request: ExchangeRequest): Promise<ExchangeResponse> {
  const verified = await bridge.verifier.verify(request.subjectToken);
  const { user } = await bridge.signIn(verified);
  const { token, expiresIn } = await bridge.tokens.issue(platformTokenRequest(user, verified));
  return {
    access_token: token,
    issued_token_type:
      request.requestedTokenType === TOKEN_TYPE.jwt ? TOKEN_TYPE.jwt : TOKEN_TYPE.accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
  };
}

/** What the platform token says about a signed-in user: effective assignments, bounded by the Entra token. */
export function platformTokenRequest(user: StoredUser, verified: VerifiedEntraToken): IssueRequest {
  return {
    subject: user.userId,
    clientId: verified.clientId,
    tenantId: user.tenantId,
    oid: user.oid,
    groups: effectiveGroups(user),
    roles: effectiveRoles(user),
    admin: user.isAdmin,
    notAfter: verified.expiresAt,
  };
}
