import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extraHostileTokens } from '../support/extraHostileTokens';
import { hostileTokens } from '../support/hostileTokens';
import { expectTokenRefused } from '../support/expectTokenRefused';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ settings: { OAUTH_LOG_ERRORS: 'true' } });
});
afterAll(() => stack?.stop());

const cases = extraHostileTokens(() => stack.authority);

describe('more hostile subject tokens (RFC 8725 classes, Entra look-alikes)', () => {
  it('adds distinct cases to the base hostile-token suite', () => {
    const base = hostileTokens(
      () => stack.authority,
      () => 'http://127.0.0.1:9',
    ).map((c) => c.name);
    const names = cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => base.includes(n))).toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((c) => [c.name, c.reason, c] as const))(
    '%s → 400 %s on /token, 401 on /me, nothing written',
    async (_name, reason, hostile) => {
      await expectTokenRefused(stack, await hostile.token(), reason);
    },
  );

  it('never answered 5xx and logged no token', () => {
    const logs = stack.logs();
    expect(logs).not.toMatch(/unexpected /);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
