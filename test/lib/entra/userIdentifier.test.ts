import { describe, expect, it } from 'vitest';
import { normaliseUserId } from '../../../src/lib/entra/userIdentifier';

describe('normaliseUserId', () => {
  it('keeps an object ID as Entra emits it', () => {
    expect(normaliseUserId('oid', '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a')).toBe(
      '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
    );
  });

  it('makes one user of one person: NFC, trimmed, case-folded for e-mail-like claims', () => {
    const composed = 'jos\u00e9@contoso.test';
    const decomposed = 'Jose\u0301@Contoso.TEST ';
    for (const claim of ['email', 'upn', 'preferred_username', 'unique_name']) {
      expect(normaliseUserId(claim, decomposed)).toBe(composed);
    }
    // Other claims keep their case (an employee ID may be case-sensitive).
    expect(normaliseUserId('employeeid', ' AB-12 ')).toBe('AB-12');
  });

  it.each([
    ['zero-width space', 'bob\u200b@contoso.test'],
    ['right-to-left override', 'bob\u202e@contoso.test'],
    ['control character', 'bob\u0007@contoso.test'],
    ['byte order mark', '\ufeffbob@contoso.test'],
    ['lone surrogate', 'bob\ud800@contoso.test'],
  ])('refuses a value with a %s (invalid_claim)', (_what, value) => {
    expect(() => normaliseUserId('email', value)).toThrow(expect.objectContaining({ code: 'invalid_claim' }));
  });

  it('refuses a missing or empty value (missing_user_id)', () => {
    for (const value of [undefined, '', '   ', 42]) {
      expect(() => normaliseUserId('email', value)).toThrow(
        expect.objectContaining({ code: 'missing_user_id' }),
      );
    }
  });
});
