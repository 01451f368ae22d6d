import { TokenRejectedError } from '../errors';
import type { UserStore } from '../users/userStore';
import type { PlatformTokens } from './platformTokens';

/** RFC 7662 §2.2 answer: `{active:false}` and nothing else, or the token's facts. */
export type Introspection =
  | { readonly active: false }
  | {
      readonly active: true;
      readonly sub: string;
      readonly client_id: string;
      readonly iss: string;
      readonly aud: string;
      readonly exp: number;
      readonly iat: number;
      readonly token_type: 'Bearer';
      readonly groups: readonly string[];
      readonly roles: readonly string[];
      readonly admin: boolean;
    };

const INACTIVE: Introspection = Object.freeze({ active: false });

/**
 * Is this platform token good *now*? It is when it verifies against our keys, has not
 * expired, its user still exists and is enabled, and — for a token that grants admin
 * rights — the user is still an administrator. Anything else is `{active:false}` with no
 * reason, as RFC 7662 §2.2 asks (a caller must not learn more about a token it holds than
 * that it is no good). Storage outages are not an answer about the token: they propagate
 * (503) so a service never mistakes them for "inactive" or "active".
 *
 * The user is read through the instance's user store, cached for
 * `BRIDGE_USER_CACHE_SECONDS`: the same single read `/api/me` makes, and the same bound on
 * how late a change made through another instance is seen.
 */
export async function introspectToken(
  deps: { tokens: PlatformTokens; users: Pick<UserStore, 'get'> },
  token: string,
): Promise<Introspection> {
  let claims: Awaited<ReturnType<PlatformTokens['verify']>>;
  try {
    claims = await deps.tokens.verify(token);
  } catch (err) {
    if (err instanceof TokenRejectedError) return INACTIVE;
    throw err;
  }
  const user = await deps.users.get(claims.tid, claims.sub);
  if (!user || user.disabled) return INACTIVE;
  if (claims.admin === true && !user.isAdmin) return INACTIVE;
  return {
    active: true,
    sub: claims.sub,
    client_id: claims.client_id,
    iss: claims.iss,
    aud: claims.aud,
    exp: claims.exp,
    iat: claims.iat,
    token_type: 'Bearer',
    groups: claims.groups,
    roles: claims.roles,
    admin: claims.admin === true,
  };
}
