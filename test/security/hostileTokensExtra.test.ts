import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, withBearer } from '../support/client';
import { extraHostileTokens } from '../support/extraHostileTokens';
import { hostileTokens } from '../support/hostileTokens';
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
      const token = await hostile.token();
      const response = await exchange(stack.url, token);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_request', reason });
      expect(await stack.count('Users')).toBe(0);

      const me = await withBearer(`${stack.url}/api/me`, token);
      if (me.status === 431) {
        // Header fields over 16 KiB are refused by the host before the function runs.
        expect(token.length).toBeGreaterThan(15_000);
      } else if (me.status === 400) {
        // Not a syntactically valid RFC 6750 b64token: refused before it is looked at.
        expect(me.body).toMatchObject({ reason: 'malformed_authorization' });
        expect(me.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="entra-bridge", error="invalid_request"/,
        );
      } else {
        expect(me.status).toBe(401);
        expect(me.body).toMatchObject({ error: 'invalid_token', reason });
        expect(me.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="entra-bridge", error="invalid_token"/,
        );
      }
      expect(await stack.count('Users')).toBe(0);
    },
  );

  it('never answered 5xx and logged no token', () => {
    const logs = stack.logs();
    expect(logs).not.toMatch(/unexpected /);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
