import type { HttpRequest } from '@azure/functions';
import type { Bridge } from '../lib/bridge';
import { ForbiddenError, TokenRejectedError } from '../lib/errors';
import { signInUser } from '../lib/users/signInUser';
import type { StoredUser } from '../lib/users/storedUser';
import { rememberPresentedToken } from './handle';
import { bearerToken } from './readRequest';

export interface Caller {
  readonly user: StoredUser;
  /** How the caller proved who they are. */
  readonly via: 'platform_token' | 'entra_token';
}

/**
 * Resolves the caller from the Bearer token: a platform token we issued (verified locally
 * against our own keys, then the stored user is read so a disabled or deleted user is
 * refused at once), or, where allowed, an Entra token (full validation and sign-in).
 */
export async function authenticate(
  bridge: Bridge,
  request: HttpRequest,
  options: { acceptEntraTokens: boolean },
): Promise<Caller> {
  const token = rememberPresentedToken(request, bearerToken(request));
  if (bridge.tokens.looksLikeOurs(token) || !options.acceptEntraTokens) {
    const claims = await bridge.tokens.verify(token);
    const user = await bridge.users.get(claims.tid, claims.sub);
    if (!user) throw new TokenRejectedError('unknown_user', 'The user of this token no longer exists.');
    if (user.disabled)
      throw new TokenRejectedError('user_disabled', 'This user is disabled on the platform.');
    return { user, via: 'platform_token' };
  }
  const verified = await bridge.verifier.verify(token);
  try {
    const { user } = await signInUser(bridge, verified);
    return { user, via: 'entra_token' };
  } catch (err) {
    // On a protected resource a disabled user is an invalid credential (RFC 6750 §3.1).
    if (err instanceof ForbiddenError && err.code === 'user_disabled')
      throw new TokenRejectedError(err.code, err.message);
    throw err;
  }
}

/** Like {@link authenticate} with a platform token, and the user must be an administrator. */
export async function authenticateAdmin(bridge: Bridge, request: HttpRequest): Promise<Caller> {
  const caller = await authenticate(bridge, request, { acceptEntraTokens: false });
  if (!caller.user.isAdmin) throw new ForbiddenError('not_admin', 'Platform administrators only.');
  return caller;
}
