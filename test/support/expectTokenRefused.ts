import { expect } from 'vitest';
import { exchange, withBearer } from './client';
import type { Stack } from './stack';

/**
 * A refused subject token, seen from both doors: 400 + reason on `/api/token`, 401 + RFC 6750
 * challenge on `/api/me` (or 400 when it is not even a b64token, 431 when the header is too
 * large for the host), and no user written either way.
 */
export async function expectTokenRefused(stack: Stack, token: string, reason: string): Promise<void> {
  const response = await exchange(stack.url, token);
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: 'invalid_request', reason });
  expect(await stack.count('Users')).toBe(0);

  const me = await withBearer(`${stack.url}/api/me`, token);
  if (me.status === 431) {
    // Header fields over 16 KiB are refused by the host before the function runs (Kestrel does too).
    expect(token.length).toBeGreaterThan(15_000);
  } else if (me.status === 400) {
    // Not a syntactically valid RFC 6750 §2.1 b64token: refused before it is looked at.
    expect(me.body).toMatchObject({ reason: 'malformed_authorization' });
    expect(me.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="entra-bridge", error="invalid_request"/,
    );
  } else {
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: 'invalid_token', reason });
    expect(me.headers.get('www-authenticate')).toMatch(/^Bearer realm="entra-bridge", error="invalid_token"/);
  }
  expect(await stack.count('Users')).toBe(0);
}
