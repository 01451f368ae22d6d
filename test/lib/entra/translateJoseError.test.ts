import { errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { joseVerdict, translateJoseError } from '../../../src/lib/entra/translateJoseError';
import { TokenRejectedError, UnavailableError } from '../../../src/lib/errors';

const claims = { iss: 'x', aud: 'y' };

describe('translateJoseError', () => {
  it.each([
    [new errors.JWTExpired('expired', claims, 'exp', 'check_failed'), 'token_expired'],
    [new errors.JWSSignatureVerificationFailed(), 'bad_signature'],
    [new errors.JWKSNoMatchingKey(), 'unknown_key'],
    [new errors.JOSEAlgNotAllowed(), 'unsupported_algorithm'],
    [new errors.JWTClaimValidationFailed('iss', claims, 'iss', 'check_failed'), 'issuer_mismatch'],
    [new errors.JWTClaimValidationFailed('aud', claims, 'aud', 'check_failed'), 'audience_mismatch'],
    [new errors.JWTClaimValidationFailed('nbf', claims, 'nbf', 'check_failed'), 'token_not_yet_valid'],
    [new errors.JWTClaimValidationFailed('iat', claims, 'iat', 'check_failed'), 'token_issued_in_future'],
    [new errors.JWTClaimValidationFailed('tid', claims, 'tid', 'invalid'), 'invalid_claim'],
    [new errors.JWTInvalid(), 'token_malformed'],
  ])('turns %s into %s and keeps jose’s error as the cause', (joseError, reason) => {
    const thrown = catchIt(() => translateJoseError(joseError));
    expect(thrown).toBeInstanceOf(TokenRejectedError);
    expect((thrown as TokenRejectedError).code).toBe(reason);
    expect((thrown as Error).cause).toBe(joseError);
  });

  it('passes our own errors and anything that is not a verdict on the token through untouched', () => {
    const outage = new UnavailableError('keys_unavailable', 'down');
    expect(catchIt(() => translateJoseError(outage))).toBe(outage);
    const bug = new TypeError('a bug');
    expect(catchIt(() => translateJoseError(bug))).toBe(bug);
    expect(joseVerdict(bug)).toBeUndefined();
  });

  it('names the claim that has the wrong type', () => {
    const thrown = catchIt(() =>
      translateJoseError(new errors.JWTClaimValidationFailed('x', claims, 'tid', 'invalid')),
    );
    expect((thrown as Error).message).toContain('"tid" is invalid.');
  });
});

function catchIt(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('nothing thrown');
}
