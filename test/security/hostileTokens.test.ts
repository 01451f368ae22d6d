import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTokenRefused } from '../support/expectTokenRefused';
import { caseTitle, hostileTokens, startTrap } from '../support/hostileTokens';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let trap: Awaited<ReturnType<typeof startTrap>>;
beforeAll(async () => {
  trap = await startTrap();
  stack = await startStack({ settings: { OAUTH_LOG_ERRORS: 'true' } });
});
afterAll(async () => {
  await stack?.stop();
  await trap?.close();
});

const cases = hostileTokens(
  () => stack.authority,
  () => trap.url,
);

describe('hostile and malformed subject tokens, by attack class', () => {
  it.each(cases.map((c) => [caseTitle(c), c.reason, c] as const))(
    '%s → 400 %s on /token, 401 on /me, nothing written',
    async (_title, reason, hostile) => {
      await expectTokenRefused(stack, await hostile.token(), reason);
    },
  );

  it('never fetched a URL taken from a token', () => {
    expect(trap.hits()).toBe(0);
  });

  it('logged reasons but never a token', () => {
    const logs = stack.logs();
    expect(logs).toContain('rejected: reason=bad_signature');
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('never answered 5xx (no unexpected error logged)', () => {
    expect(stack.logs()).not.toMatch(/unexpected /);
  });
});
