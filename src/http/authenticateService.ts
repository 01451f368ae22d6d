import type { HttpRequest } from '@azure/functions';
import type { Bridge } from '../lib/bridge';
import type { VerifiedEntraToken } from '../lib/entra/verifyEntraToken';
import { ForbiddenError, TokenRejectedError } from '../lib/errors';
import { bearerToken } from './readRequest';

/**
 * The caller of `/api/introspect` (RFC 7662 §2.1 requires the endpoint to authenticate
 * its callers): a platform service presenting, as `Authorization: Bearer`, an Entra
 * app-only token (client credentials) of a client in `OAUTH_CLIENT_APPLICATION_IDS` that
 * carries the app role `BRIDGE_INTROSPECTION_APP_ROLE`. No token or a bad one: 401
 * (RFC 6750 §3.1); a good token without the role, or a user's delegated token: 403.
 */
export async function authenticateService(bridge: Bridge, request: HttpRequest): Promise<VerifiedEntraToken> {
  const role = bridge.config.bridge.introspectionAppRole;
  const denied = () =>
    new ForbiddenError(
      'missing_introspection_role',
      `Introspection needs an app-only token (client credentials) with the app role ${role}.`,
    );
  let verified: VerifiedEntraToken;
  try {
    verified = await bridge.introspectionVerifier.verify(bearerToken(request));
  } catch (err) {
    // A well-formed token of an allowed client that lacks the role is a permission problem,
    // not a bad credential (RFC 6750 §3.1 insufficient_scope).
    if (err instanceof TokenRejectedError && err.code === 'missing_app_role') throw denied();
    throw err;
  }
  if (verified.kind !== 'app' || !verified.appRoles.includes(role)) throw denied();
  return verified;
}
