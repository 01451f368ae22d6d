import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, withBearer } from '../support/client';
import { hostileTokens, startTrap } from '../support/hostileTokens';
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

describe('hostile and malformed subject tokens', () => {
  it('has at least 30 distinct cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c.reason, c] as const))(
    '%s → 400 %s, nothing written',
    async (_name, reason, hostile) => {
      const token = await hostile.token();
      const response = await exchange(stack.url, token);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_request', reason });
      expect(await stack.count('Users')).toBe(0);

      const me = await withBearer(`${stack.url}/api/me`, token);
      if (me.status === 431) {
        // The host refuses header fields that large before the function runs (Kestrel does too).
        expect(reason).toBe('token_too_large');
      } else if (me.status === 400) {
        // Not even a syntactically valid Bearer credential (RFC 6750 §2.1 b64token).
        expect(me.body).toMatchObject({ reason: 'malformed_authorization' });
      } else {
        expect(me.status).toBe(401);
        expect(me.body).toMatchObject({ reason });
        expect(me.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="entra-bridge", error="invalid_token"/,
        );
      }
      expect(await stack.count('Users')).toBe(0);
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
});
