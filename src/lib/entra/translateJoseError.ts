import { BridgeError, TokenRejectedError } from '../errors';
import { TOKEN_REASONS, type TokenReason } from './tokenReasons';

/** What jose's error says about a token, in our terms. */
export interface JoseVerdict {
  readonly reason: TokenReason;
  readonly detail?: string;
}

/**
 * The one translation of jose errors, matched on `err.code` (never `instanceof`:
 * `JWTExpired` is not a `JWTClaimValidationFailed`). Undefined for anything that is not
 * jose's verdict on the token (an outage, a bug), which the caller passes on untouched.
 */
export function joseVerdict(err: unknown): JoseVerdict | undefined {
  const { code, claim, reason } = err as { code?: string; claim?: string; reason?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return { reason: 'token_expired' };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'bad_signature' };
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { reason: 'unknown_key' };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { reason: 'unsupported_algorithm' };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (reason === 'invalid' || reason === 'missing')
        return { reason: 'invalid_claim', detail: `"${claim}" is ${reason}.` };
      if (claim === 'iss') return { reason: 'issuer_mismatch' };
      if (claim === 'aud') return { reason: 'audience_mismatch' };
      if (claim === 'nbf') return { reason: 'token_not_yet_valid' };
      if (claim === 'iat') return { reason: 'token_issued_in_future' };
      return { reason: 'invalid_claim', detail: `"${claim}" failed validation.` };
    case 'ERR_JWT_INVALID':
    case 'ERR_JWS_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JWK_INVALID':
      return { reason: 'token_malformed' };
    default:
      return undefined;
  }
}

/**
 * An Entra token's jose error as our `TokenRejectedError`, keeping jose's error as `cause`.
 * Outages were already turned into `UnavailableError` by the key set and pass through untouched.
 */
export function translateJoseError(err: unknown): never {
  if (err instanceof BridgeError) throw err;
  const verdict = joseVerdict(err);
  if (!verdict) throw err;
  const text = TOKEN_REASONS[verdict.reason];
  throw new TokenRejectedError(verdict.reason, verdict.detail ? `${text} ${verdict.detail}` : text, {
    cause: err,
  });
}
