import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNT_KEY } from '../../dev/azurite';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { generateSigningKeySet } from '../../src/lib/platform/signingKeys';
import { call, exchange, platformToken } from '../support/client';
import { hostileTokens, startTrap } from '../support/hostileTokens';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let trap: Awaited<ReturnType<typeof startTrap>>;
let signingKeyD = '';
/** Every token this test sent or received, in full. */
const tokens = new Set<string>();
const remember = (token: string) => {
  tokens.add(token);
  return token;
};

beforeAll(async () => {
  trap = await startTrap();
  const keySet = await generateSigningKeySet();
  signingKeyD = String(keySet.keys[0]?.d);
  stack = await startStack({
    settings: {
      OAUTH_LOG_ERRORS: 'true',
      BRIDGE_SIGNING_KEYS: JSON.stringify(keySet),
      // No refetch cooldown, so the key-endpoint outage below is met by the token that follows it.
      OAUTH_KEYS_REFRESH_COOLDOWN_SECONDS: '0',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await trap?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${remember(token)}` });

/** A full session: what a busy bridge sees in an hour, accepted and refused. */
async function runSession() {
  const authority = stack.authority;
  const bob = demoUser('bob');
  const url = stack.url;

  // Accepted: v2, v1 and app-only exchanges, /me with platform and Entra tokens.
  const v2 = remember(await authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }));
  const v1 = remember(
    await authority.userToken({ user: bob, version: 1, overrides: { groups: ['Analysts'] } }),
  );
  const app = remember(await authority.appToken({ clientAppId: demoClient('daemon').appId }));
  const platform: string[] = [];
  for (const subject of [v2, v1, app]) {
    const response = await exchange(url, subject);
    expect(response.status).toBe(200);
    platform.push(remember(String(response.body.access_token)));
  }
  for (const token of [...platform, v2])
    expect((await call(`${url}/api/me`, { headers: bearer(token) })).status).toBe(200);

  // Administration, including the explain endpoint that takes a token in its body.
  const admin = remember(
    await platformToken(
      url,
      remember(
        await authority.userToken({ user: demoUser('carol'), overrides: { isPlatformAdmin: 'is_admin' } }),
      ),
    ),
  );
  const adminCall = (path: string, init: RequestInit = {}) =>
    call(`${url}/api/admin/${path}`, { ...init, headers: { ...bearer(admin), ...(init.headers as object) } });
  expect((await adminCall('groups')).status).toBe(200);
  expect((await adminCall('groups/Log%20Test', { method: 'PUT' })).status).toBe(201);
  expect((await adminCall('groups/Log%20Test', { method: 'DELETE' })).status).toBe(204);
  expect((await adminCall('groups/Nope')).status).toBe(404);
  expect((await adminCall('roles/a%00b', { method: 'PUT' })).status).toBe(400);
  await adminCall('users');
  await adminCall(`users/${bob.id}`);
  await adminCall('explain', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: v2 }),
  });
  await adminCall('explain', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: remember(await authority.sign({ tid: DEMO_TENANT.tenantId, aud: 'x' })) }),
  });
  // Refused on the admin API: non-admin, Entra token, tampered platform token.
  expect((await adminCall('groups', { headers: bearer(platform[0] ?? '') })).status).toBe(403);
  expect((await call(`${url}/api/admin/groups`, { headers: bearer(v2) })).status).toBe(401);
  const [h, p] = admin.split('.');
  expect((await call(`${url}/api/admin/groups`, { headers: bearer(`${h}.${p}.AAAA`) })).status).toBe(401);

  // Refused: every hostile token, on /token and on /me.
  for (const hostile of hostileTokens(
    () => authority,
    () => trap.url,
  )) {
    const token = remember(await hostile.token());
    expect((await exchange(url, token)).status).toBe(400);
    await call(`${url}/api/me`, { headers: bearer(token) });
  }
  // Refused: malformed requests carrying a genuine token.
  await call(`${url}/api/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: v2 });
  await call(`${url}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"subject_token":"${v2}","subject_token":"${v1}"}`,
  });
  await call(`${url}/api/me`, { headers: { authorization: `Bearer ${v2}, Bearer ${v1}` } });
  await call(`${url}/api/me`, {
    headers: { authorization: `Basic ${Buffer.from(`x:${v2}`).toString('base64')}` },
  });

  // An outage while a token is in flight: the key endpoint fails for a key not yet cached.
  authority.faults.jwksDown = true;
  try {
    const unknownKid = remember(
      await authority.sign(
        { ...JSON.parse(Buffer.from(v2.split('.')[1] ?? '', 'base64url').toString()) },
        { header: { kid: 'rotated-away' } },
      ),
    );
    expect((await exchange(url, unknownKid)).status).toBe(503);
  } finally {
    authority.faults.jwksDown = false;
  }
  await call(`${url}/api/health`);
}

describe('log hygiene with OAUTH_LOG_ERRORS=true', () => {
  it('runs a full session (accepted, refused, admin, outage)', async () => {
    await runSession();
    expect(tokens.size).toBeGreaterThan(100);
  }, 120_000);

  it('logged the reasons of refusals', () => {
    const logs = stack.logs();
    expect(logs).toContain('rejected: reason=bad_signature');
    expect(logs).toContain('rejected: reason=invalid_platform_token');
    expect(logs).toContain('keys_unavailable');
    expect(logs).not.toMatch(/unexpected /);
  });

  it('logged no JWT-looking text', () => {
    expect(stack.logs()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('logged no token it was sent or issued, nor any of their signatures', () => {
    const logs = stack.logs();
    const leaked: string[] = [];
    for (const token of tokens) {
      if (logs.includes(token)) leaked.push(`token ${token.slice(0, 12)}…`);
      for (const segment of token.split('.')) {
        if (segment.length >= 16 && logs.includes(segment)) leaked.push(`segment ${segment.slice(0, 12)}…`);
      }
    }
    expect(leaked).toEqual([]);
  });

  it('logged no client secret, storage key or private key material', () => {
    const logs = stack.logs();
    const secrets = [
      ...DEMO_TENANT.clients.flatMap((c) => (c.secret ? [c.secret] : [])),
      stack.settings.AZURE_CLIENT_SECRET ?? '',
      DEV_ACCOUNT_KEY,
      signingKeyD,
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    for (const secret of secrets)
      expect(logs.includes(secret), `secret ${secret.slice(0, 6)}… in logs`).toBe(false);
    expect(logs).not.toContain('"d":"');
    expect(logs).not.toContain('PRIVATE KEY');
    expect(logs).not.toMatch(/AccountKey=/i);
  });
});
