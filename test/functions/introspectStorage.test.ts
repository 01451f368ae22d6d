import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient, demoUser } from '../../dev/demoTenant';
import { generateSigningKeySet } from '../../src/lib/platform/signingKeys';
import { call, platformToken, withBearer } from '../support/client';
import { type CountingProxy, startCountingProxy } from '../support/countingProxy';
import { type Stack, startStack } from '../support/stack';

/**
 * Introspection's warm path costs no more Table Storage requests than `/api/me`: both read
 * the user through the instance's user cache, and verifying the caller's Entra token needs
 * no storage at all. Counted on the wire, by a proxy between the host and Azurite.
 */
let stack: Stack;
let proxy: CountingProxy;
let platform: string;
let service: string;
const CALLS = 5;

beforeAll(async () => {
  const shared = process.env.TEST_TABLES_CONNECTION ?? '';
  const azuritePort = Number(process.env.TEST_AZURITE_PORT);
  proxy = await startCountingProxy(azuritePort);
  stack = await startStack({
    settings: {
      TABLES_CONNECTION: shared.replace(`:${azuritePort}/`, `:${proxy.port}/`),
      BRIDGE_USER_CACHE_SECONDS: '60',
      // The token must outlive a host restart.
      BRIDGE_SIGNING_KEYS: JSON.stringify(await generateSigningKeySet()),
    },
  });
  expect(stack.settings.TABLES_CONNECTION).toContain(`:${proxy.port}/`);
  platform = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
  );
  service = await stack.authority.appToken({ clientAppId: demoClient('daemon').appId });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const me = () => withBearer(`${stack.url}/api/me`, platform);
const introspect = () =>
  call(`${stack.url}/api/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${service}` },
    body: new URLSearchParams({ token: platform }).toString(),
  });

/**
 * Requests to the users table made by `CALLS` calls after one warm-up call. (Other tables
 * see the instance's own periodic checks — catalog, directory version — at any time.)
 */
async function storageRequests(send: () => Promise<{ status: number; body: unknown }>): Promise<number> {
  expect((await send()).status).toBe(200);
  proxy.reset();
  for (let i = 0; i < CALLS; i += 1) expect((await send()).status).toBe(200);
  return proxy.total(`${stack.settings.BRIDGE_TABLE_PREFIX}Users`);
}

describe('storage requests of /api/introspect against /api/me', () => {
  it('with the user cache on: none for either once warm', async () => {
    const byMe = await storageRequests(me);
    const byIntrospect = await storageRequests(introspect);
    expect(byIntrospect).toBeLessThanOrEqual(byMe);
    expect(byIntrospect).toBe(0);
    // Nor the other tables (a periodic catalog or directory check may fall in): the caller's
    // Entra token is verified against cached keys.
    proxy.reset();
    await introspect();
    expect(proxy.total()).toBeLessThanOrEqual(1);
  });

  it('with the user cache off (BRIDGE_USER_CACHE_SECONDS=0): one user read per call for both', async () => {
    await stack.restartHost({ BRIDGE_USER_CACHE_SECONDS: '0' });
    const byMe = await storageRequests(me);
    const byIntrospect = await storageRequests(introspect);
    // The proxy does see the reads: the comparison is not between two zeros.
    expect(byMe).toBe(CALLS);
    expect(byIntrospect).toBe(byMe);
  });
});
