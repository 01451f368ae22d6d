import { TokenRejectedError } from '../errors';

/** A platform token with less time than this to live is not worth issuing: the client could not use it. */
export const MIN_TOKEN_LIFETIME_SECONDS = 60;

/**
 * `exp` of a platform token issued at `iat`: the configured lifetime, never past the Entra
 * token's `exp` (a token accepted inside the clock skew may already be past it). Refuses
 * with `token_expired` when fewer than {@link MIN_TOKEN_LIFETIME_SECONDS} would remain, so
 * no token is issued already expired or about to be.
 */
export function platformTokenExpiry(iat: number, lifetimeSeconds: number, notAfter: number): number {
  const exp = Math.min(iat + lifetimeSeconds, notAfter);
  if (exp - iat < MIN_TOKEN_LIFETIME_SECONDS) {
    throw new TokenRejectedError(
      'token_expired',
      `The Entra token expires in ${Math.max(notAfter - iat, 0)} s: too soon to issue a platform token; get a fresh one.`,
    );
  }
  return exp;
}
