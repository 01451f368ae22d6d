import { describe, expect, it } from 'vitest';
import { hasDuplicateMember } from '../../../src/lib/util/hasDuplicateMember';

describe('hasDuplicateMember', () => {
  it.each([
    ['{"a":1,"a":2}', true],
    ['{"a":1,"b":{"c":1,"c":2}}', true],
    ['{"a":[{"x":1},{"x":2}]}', false],
    ['{"a":"\\"a\\"","\\"a\\"":1}', false],
    ['{"\\u0061":1,"a":2}', true],
    ['{"a":{"a":1}}', false],
    ['{"a":["a","a"],"b":1}', false],
  ])('%s → %s', (json, expected) => {
    expect(hasDuplicateMember(json)).toBe(expected);
  });
});
