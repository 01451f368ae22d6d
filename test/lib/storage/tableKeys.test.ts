import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKey, isStorableKey } from '../../../src/lib/storage/tableKeys';

describe('table keys', () => {
  it('encodes the characters Table Storage forbids, and % itself', () => {
    expect(encodeKey('a/b\\c#d?e%f\u0001g\u007fh')).toBe('a%2Fb%5Cc%23d%3Fe%25f%01g%7Fh');
  });

  it('round-trips any string and never produces a forbidden character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const key = encodeKey(value);
        expect(key).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
        expect(decodeKey(key)).toBe(value);
      }),
    );
  });

  it('refuses empty, oversized and ill-formed keys', () => {
    expect(isStorableKey('')).toBe(false);
    expect(isStorableKey('x'.repeat(600))).toBe(false);
    expect(isStorableKey('\ud800')).toBe(false);
    expect(isStorableKey('Platform Readers/Ü')).toBe(true);
  });
});
