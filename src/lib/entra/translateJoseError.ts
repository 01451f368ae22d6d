import { BridgeError } from '../errors';
import { reject } from './inspectToken';

/**
 * The one place jose errors become ours, matched on `err.code` (never `instanceof`:
 * `JWTExpired` is not a `JWTClaimValidationFailed`). Outages were already turned into
 * `UnavailableError` by the key set and pass through untouched.
 */
export function translateJoseError(err: unknown): never {
  if (err instanceof BridgeError) throw err;
  const { code, claim, reason } = err as { code?: string; claim?: string; reason?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return reject('token_expired');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return reject('bad_signature');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return reject('unknown_key');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return reject('unsupported_algorithm');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (reason === 'invalid' || reason === 'missing')
        return reject('invalid_claim', `"${claim}" is ${reason}.`);
      if (claim === 'iss') return reject('issuer_mismatch');
      if (claim === 'aud') return reject('audience_mismatch');
      if (claim === 'nbf') return reject('token_not_yet_valid');
      if (claim === 'iat') return reject('token_issued_in_future');
      return reject('invalid_claim', `"${claim}" failed validation.`);
    case 'ERR_JWT_INVALID':
    case 'ERR_JWS_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JWK_INVALID':
      return reject('token_malformed');
    default:
      throw err;
  }
}
