import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import {
  ACCESS_TOKEN_TYPE,
  call,
  exchange,
  platformToken,
  TOKEN_EXCHANGE,
  withBearer,
} from '../support/client';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const bob = demoUser('bob');
const carol = demoUser('carol');
const bobToken = (
  extra: Parameters<Stack['authority']['userToken']>[0] extends infer O ? Partial<O> : never = {},
) =>
  stack.authority.userToken({
    user: bob,
    overrides: { groups: ['Restricted', 'Analysts', 'Nope'] },
    ...extra,
  });

describe('POST /api/token (RFC 8693)', () => {
  it('exchanges a v2 user token for a platform token that verifies against the published JWKS', async () => {
    const subject = await bobToken();
    const response = await exchange(stack.url, subject);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });
    const token = String(response.body.access_token);
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });

    const metadata = await call(`${stack.url}/api/.well-known/openid-configuration`);
    expect(metadata.body).toMatchObject({
      issuer: `${stack.url}/api`,
      grant_types_supported: [TOKEN_EXCHANGE],
    });
    const keys = createRemoteJWKSet(new URL(String(metadata.body.jwks_uri)));
    const { payload } = await jwtVerify(token, keys, {
      issuer: `${stack.url}/api`,
      audience: 'platform',
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({
      sub: bob.id,
      oid: bob.id,
      tid: DEMO_TENANT.tenantId,
      client_id: demoClient('web').appId,
      groups: ['Restricted', 'Analysts'],
      roles: ['Analysts'],
      admin: false,
    });
    expect(payload.jti).toEqual(expect.any(String));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(response.body.expires_in);
  });

  it('exchanges a v1 token (appid, api:// audience, sts.windows.net issuer)', async () => {
    const subject = await stack.authority.userToken({
      user: bob,
      version: 1,
      overrides: { groups: ['Analysts'] },
    });
    const response = await exchange(stack.url, subject);
    expect(response.status).toBe(200);
  });

  it('accepts JSON bodies and the jwt token type', async () => {
    const response = await call(`${stack.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: TOKEN_EXCHANGE,
        subject_token: await bobToken(),
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        requested_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        audience: 'platform',
      }),
    });
    expect(response.status).toBe(200);
    expect(response.body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:jwt');
  });

  it('never issues a platform token that outlives the Entra token', async () => {
    const response = await exchange(stack.url, await bobToken({ lifetimeSeconds: 120 }));
    expect(response.status).toBe(200);
    expect(response.body.expires_in).toBeLessThanOrEqual(120);
  });

  it('answers invalid_target for a foreign audience', async () => {
    const response = await exchange(stack.url, await bobToken(), { audience: 'https://evil.example.com' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_target', reason: 'audience_not_allowed' });
  });

  it('exchanges app-only tokens as service principals, their app roles standing in for groups', async () => {
    const daemon = demoClient('daemon');
    const response = await exchange(stack.url, await stack.authority.appToken({ clientAppId: daemon.appId }));
    expect(response.status).toBe(200);
    const me = await withBearer(`${stack.url}/api/me`, String(response.body.access_token));
    expect(me.body).toMatchObject({
      id: daemon.servicePrincipalId,
      groups: ['Services'],
      roles: ['Services'],
      email: null,
    });
  });

  it('refuses a user who maps to no platform group, without writing anything', async () => {
    const before = await stack.count('Users');
    const response = await exchange(stack.url, await stack.authority.userToken({ user: carol }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', reason: 'no_group' });
    expect(await stack.count('Users')).toBe(before);
  });

  it('lets an administrator without groups in (admin claim), so the first admin can sign in', async () => {
    const subject = await stack.authority.userToken({
      user: carol,
      overrides: { isPlatformAdmin: 'is_admin' },
    });
    const token = await platformToken(stack.url, subject);
    const me = await withBearer(`${stack.url}/api/me`, token);
    expect(me.body).toMatchObject({ id: carol.id, isAdmin: true, groups: [] });
  });

  it('makes members of the admin group administrators (OAUTH_ADMIN_ROLE_NAME is its object ID)', async () => {
    // Alice's token carries the admin group's object ID, as a cloud-only tenant's does.
    const subject = await stack.authority.userToken({ user: demoUser('alice') });
    const me = await withBearer(`${stack.url}/api/me`, await platformToken(stack.url, subject));
    expect(me.body).toMatchObject({
      isAdmin: true,
      email: 'alice@contoso.test',
      firstName: 'Alice',
      lastName: 'Admin',
    });
  });
});

describe('platform token lifetime', () => {
  it('never issues a token already expired or about to be: token_expired, nothing written', async () => {
    const before = await stack.count('Users');
    // Inside the clock skew the Entra token is still accepted, but has 30 s left.
    const subject = await stack.authority.userToken({
      user: demoUser('carol'),
      overrides: { isPlatformAdmin: 'is_admin' },
      lifetimeSeconds: 30,
    });
    const response = await exchange(stack.url, subject);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', reason: 'token_expired' });
    expect(await stack.count('Users')).toBe(before);
    const fresh = await stack.authority.userToken({
      user: demoUser('carol'),
      overrides: { isPlatformAdmin: 'is_admin' },
      lifetimeSeconds: 120,
    });
    const issued = await exchange(stack.url, fresh);
    expect(issued.status).toBe(200);
    expect(Number(issued.body.expires_in)).toBeGreaterThanOrEqual(60);
    expect(Number(issued.body.expires_in)).toBeLessThanOrEqual(120);
  });
});

describe('just-in-time users', () => {
  it('stores the user once and does not rewrite it when nothing changed', async () => {
    const subject = await bobToken();
    await platformToken(stack.url, subject);
    const first = await stack.table('Users').getEntity(DEMO_TENANT.tenantId, bob.id);
    await platformToken(stack.url, await bobToken());
    const second = await stack.table('Users').getEntity(DEMO_TENANT.tenantId, bob.id);
    expect(second.etag).toBe(first.etag);
    expect(first).toMatchObject({
      email: 'bob@contoso.test',
      firstName: 'Bob',
      lastName: 'Analyst',
      oid: bob.id,
    });
  });

  it('recomputes the assignments (adds and removes) when the claims change', async () => {
    await platformToken(stack.url, await bobToken({ overrides: { groups: ['Restricted'] } }));
    const me = await withBearer(
      `${stack.url}/api/me`,
      await bobToken({ overrides: { groups: ['Restricted'] } }),
    );
    expect(me.body).toMatchObject({ groups: ['Restricted'], roles: [] });
  });

  it('refuses disabled users', async () => {
    const subject = await stack.authority.userToken({
      user: demoUser('alice'),
      overrides: { groups: ['Analysts'] },
    });
    await platformToken(stack.url, subject);
    const users = stack.table('Users');
    const keys = { partitionKey: DEMO_TENANT.tenantId, rowKey: demoUser('alice').id };
    await users.updateEntity({ ...keys, disabled: true }, 'Merge');
    const response = await exchange(stack.url, subject);
    expect(response.body).toMatchObject({ error: 'invalid_grant', reason: 'user_disabled' });
    const me = await withBearer(`${stack.url}/api/me`, subject);
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    await users.updateEntity({ ...keys, disabled: false }, 'Merge');
  });

  it('keeps 50 concurrent first exchanges of one new user to one entity', async () => {
    const user = { id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b' };
    const subject = await stack.authority.userToken({
      user: bob,
      overrides: { oid: user.id, groups: ['Analysts'], email: 'new@contoso.test' },
    });
    const responses = await Promise.all(Array.from({ length: 50 }, () => exchange(stack.url, subject)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    let count = 0;
    for await (const _ of stack
      .table('Users')
      .listEntities({ queryOptions: { filter: `RowKey eq '${user.id}'` } }))
      count++;
    expect(count).toBe(1);
  });
});

describe('GET /api/me', () => {
  it('answers the profile for a platform token and for an Entra token', async () => {
    const subject = await bobToken();
    const viaPlatform = await withBearer(`${stack.url}/api/me`, await platformToken(stack.url, subject));
    const viaEntra = await withBearer(`${stack.url}/api/me`, subject);
    for (const me of [viaPlatform, viaEntra]) {
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        id: bob.id,
        tenantId: DEMO_TENANT.tenantId,
        email: 'bob@contoso.test',
        firstName: 'Bob',
        lastName: 'Analyst',
        groups: ['Restricted', 'Analysts'],
        isAdmin: false,
        lastSeenAt: expect.any(String),
      });
    }
  });

  it('answers 401 with an RFC 6750 challenge without a token or with a bad one', async () => {
    const none = await call(`${stack.url}/api/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="entra-bridge"');
    const bad = await withBearer(`${stack.url}/api/me`, 'abc.def.ghi');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token", error_description="[^"]+"/);
    expect(bad.body).toMatchObject({ reason: 'token_malformed' });
  });
});

describe('GET /api/health and the key set', () => {
  it('reports config and storage without secrets', async () => {
    const health = await call(`${stack.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      oauthEnabled: true,
      checks: { storage: { ok: true } },
    });
    expect(JSON.stringify(health.body)).not.toMatch(/secret|AccountKey/i);
  });

  it('publishes only public keys', async () => {
    const jwks = await call<{ keys: Record<string, unknown>[] }>(`${stack.url}/api/.well-known/jwks.json`);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    for (const key of jwks.body.keys) expect(key).not.toHaveProperty('d');
  });
});
