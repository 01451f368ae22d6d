import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { decodeJwt, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { generateSigningKeySet } from '../../src/lib/platform/signingKeys';
import { call, platformToken, withBearer } from '../support/client';
import { applyAll, authorizationValue, fuzzSeed, mutations, randomJws } from '../support/fuzzArbitraries';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let signingKey: JWK;
let service: string;
let admin: string;
const bob = demoUser('bob');
const alice = demoUser('alice');
const carol = demoUser('carol');
const daemon = demoClient('daemon');
/** The user cache bound of this stack: how late another instance's change may be seen. */
const CACHE_SECONDS = 2;

beforeAll(async () => {
  const keys = await generateSigningKeySet();
  signingKey = keys.keys[0] as JWK;
  stack = await startStack({
    settings: { BRIDGE_SIGNING_KEYS: JSON.stringify(keys), BRIDGE_USER_CACHE_SECONDS: String(CACHE_SECONDS) },
  });
  // The demo daemon is granted Tokens.Introspect (and Services) by the local authority.
  service = await stack.authority.appToken({ clientAppId: daemon.appId });
  admin = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: alice, overrides: { isPlatformAdmin: 'is_admin', groups: [] } }),
  );
});
afterAll(() => stack?.stop());

const bobPlatformToken = async () =>
  platformToken(
    stack.url,
    await stack.authority.userToken({ user: bob, overrides: { groups: ['Restricted', 'Analysts'] } }),
  );

/** `caller` null: no Authorization header. */
function introspect(token: string, caller: string | null = service, baseUrl = stack.url) {
  return call(`${baseUrl}/api/introspect`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(caller === null ? {} : { authorization: `Bearer ${caller}` }),
    },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** A token signed with the stack's own signing key: good except for what `claims` change. */
async function forge(claims: Record<string, unknown>, key: JWK = signingKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `${stack.url}/api`,
    sub: bob.id,
    aud: 'platform',
    client_id: demoClient('web').appId,
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    tid: DEMO_TENANT.tenantId,
    oid: bob.id,
    groups: ['Analysts'],
    roles: [],
    admin: false,
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: String(key.kid), typ: 'at+jwt' })
    .sign(await importJWK(key, 'ES256'));
}

describe('POST /api/introspect (RFC 7662)', () => {
  it('answers active with the token facts for a fresh platform token', async () => {
    const token = await bobPlatformToken();
    const claims = decodeJwt(token);
    const response = await introspect(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({
      active: true,
      sub: bob.id,
      client_id: demoClient('web').appId,
      iss: `${stack.url}/api`,
      aud: 'platform',
      exp: claims.exp,
      iat: claims.iat,
      token_type: 'Bearer',
      groups: ['Restricted', 'Analysts'],
      roles: ['Analysts'],
      admin: false,
    });
  });

  it('accepts a forged-but-valid token signed with the configured key (the forge helper is sound)', async () => {
    expect((await introspect(await forge({}))).body).toMatchObject({ active: true, sub: bob.id });
  });

  const inactive: [string, () => Promise<string>][] = [
    [
      'a tampered signature',
      async () => {
        const token = await bobPlatformToken();
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await bobPlatformToken()).split('.');
        const body = Buffer.from(JSON.stringify({ ...decodeJwt(await bobPlatformToken()), admin: true }));
        return `${h}.${body.toString('base64url')}.${s}`;
      },
    ],
    [
      'a token signed by a key the bridge does not have',
      async () => {
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        const { exportJWK } = await import('jose');
        return forge({}, { ...(await exportJWK(privateKey)), kid: String(signingKey.kid) });
      },
    ],
    [
      'an expired token',
      () => forge({ iat: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    ['a token of another issuer', () => forge({ iss: 'https://elsewhere.example/api' })],
    ['a token for another audience', () => forge({ aud: 'another-platform' })],
    ['a token of an unknown user', () => forge({ sub: randomUUID() })],
    ['an admin:true token of a user who is not an administrator', () => forge({ admin: true })],
    ['not a JWT at all', async () => 'not-a-token'],
    [
      'an Entra token (not ours)',
      () => stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    ],
  ];
  it.each(inactive)('answers only {active:false} for %s', async (_name, token) => {
    const response = await introspect(await token());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ active: false });
  });

  it('answers {active:false} for a disabled user, and active again once enabled', async () => {
    const token = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: carol, overrides: { groups: ['Analysts'] } }),
    );
    expect((await introspect(token)).body).toMatchObject({ active: true });
    await withBearer(`${stack.url}/api/admin/users/${carol.id}/disable`, admin, { method: 'POST' });
    expect((await introspect(token)).body).toEqual({ active: false });
    await withBearer(`${stack.url}/api/admin/users/${carol.id}/enable`, admin, { method: 'POST' });
    expect((await introspect(token)).body).toMatchObject({ active: true });
  });

  it('answers {active:false} for a deleted user', async () => {
    const token = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: carol, overrides: { groups: ['Restricted'] } }),
    );
    expect((await introspect(token)).body).toMatchObject({ active: true });
    const removed = await withBearer(`${stack.url}/api/admin/users/${carol.id}`, admin, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await introspect(token)).body).toEqual({ active: false });
  });

  it('answers {active:false} for an admin token once its user is no longer an administrator', async () => {
    const entra = (isAdmin: boolean) =>
      stack.authority.userToken({
        user: bob,
        overrides: { groups: ['Analysts'], ...(isAdmin ? { isPlatformAdmin: 'is_admin' } : {}) },
      });
    const adminToken = await platformToken(stack.url, await entra(true));
    expect((await introspect(adminToken)).body).toMatchObject({ active: true, admin: true });
    // Signing in without the admin claim makes bob an ordinary user again.
    const ordinary = await platformToken(stack.url, await entra(false));
    expect((await introspect(adminToken)).body).toEqual({ active: false });
    expect((await introspect(ordinary)).body).toMatchObject({ active: true, admin: false });
  });

  it('sees a user disabled through another instance within BRIDGE_USER_CACHE_SECONDS', async () => {
    const other = await stack.startInstance();
    const token = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: carol, overrides: { groups: ['Analysts'] } }),
    );
    // This instance now holds carol in its user cache.
    expect((await introspect(token)).body).toMatchObject({ active: true });
    const disabled = await withBearer(`${other.url}/api/admin/users/${carol.id}/disable`, admin, {
      method: 'POST',
    });
    expect(disabled.status).toBe(200);
    // The other instance, which made the change, knows at once.
    expect((await introspect(token, service, other.url)).body).toEqual({ active: false });
    // This one within the documented bound (plus a margin for a slow machine).
    const deadline = Date.now() + (CACHE_SECONDS + 10) * 1000;
    let answer = (await introspect(token)).body;
    while (answer.active !== false && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      answer = (await introspect(token)).body;
    }
    expect(answer).toEqual({ active: false });
    await withBearer(`${other.url}/api/admin/users/${carol.id}/enable`, admin, { method: 'POST' });
  });
});

describe('who may introspect', () => {
  it('401 with a bare RFC 6750 challenge when no credentials are sent', async () => {
    const response = await introspect(await bobPlatformToken(), null);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="entra-bridge"');
    expect(response.body).toMatchObject({ reason: 'missing_token' });
  });

  it.each([
    ['a garbage token', async () => 'garbage', 'token_malformed'],
    ['a platform token (ES256, not an Entra token)', () => bobPlatformToken(), 'unsupported_algorithm'],
    [
      'an app token of a client not in OAUTH_CLIENT_APPLICATION_IDS',
      () =>
        stack.authority.appToken({ clientAppId: demoClient('other').appId, roles: ['Tokens.Introspect'] }),
      'client_not_allowed',
    ],
  ])('401 invalid_token for %s', async (_name, caller, reason) => {
    const response = await introspect(await bobPlatformToken(), await caller());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="entra-bridge", error="invalid_token"/,
    );
    expect(response.body).toMatchObject({ error: 'invalid_token', reason });
    expect(JSON.stringify(response.body)).not.toContain('"active"');
  });

  it.each([
    [
      'an app token without the introspection role',
      () => stack.authority.appToken({ clientAppId: daemon.appId, roles: ['Services'] }),
    ],
    [
      'a user token, even of an allowed client',
      () => stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    ],
    [
      "a user token whose roles claim names the app role (it must be the client's)",
      () => stack.authority.userToken({ user: bob, overrides: { roles: ['Tokens.Introspect'] } }),
    ],
  ])('403 insufficient_scope for %s', async (_name, caller) => {
    const response = await introspect(await bobPlatformToken(), await caller());
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(response.body).toMatchObject({ reason: 'missing_introspection_role' });
  });

  it('400 for a request without a token or in another format', async () => {
    const noToken = await call(`${stack.url}/api/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${service}` },
      body: 'token_type_hint=access_token',
    });
    expect(noToken.status).toBe(400);
    expect(noToken.body).toMatchObject({ reason: 'missing_introspection_token' });
    const asJson = await call(`${stack.url}/api/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${service}` },
      body: JSON.stringify({ token: await bobPlatformToken() }),
    });
    expect(asJson.status).toBe(400);
    expect(asJson.body).toMatchObject({ reason: 'unsupported_content_type' });
  });
});

describe('hostile input', () => {
  it('answers only {active:false} to mutated platform tokens and random JWS, never a 5xx', async () => {
    const genuine = await bobPlatformToken();
    const hostile = fc.oneof(
      mutations.map((moves) => applyAll(genuine, moves)).filter((t) => t !== genuine),
      randomJws,
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (token) => {
        const response = await introspect(token);
        if (response.status === 200) expect(response.body).toEqual({ active: false });
        // A mutation may make the form body itself unusable (e.g. an empty token): 400, never more.
        else expect(response.status).toBe(400);
      }),
      { numRuns: 80, seed: fuzzSeed(0x1d7e5) },
    );
  });

  it('answers 400, 401 or 403 with a reason to hostile caller credentials, never a 5xx', async () => {
    const genuine = await bobPlatformToken();
    const callerMutations = mutations.map((moves) => applyAll(service, moves)).filter((t) => t !== service);
    await fc.assert(
      fc.asyncProperty(authorizationValue(fc.oneof(callerMutations, randomJws)), async (authorization) => {
        const response = await call(`${stack.url}/api/introspect`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(authorization === '' ? {} : { authorization }),
          },
          body: new URLSearchParams({ token: genuine }).toString(),
        });
        expect([400, 401, 403, 431]).toContain(response.status);
        if (response.status !== 431) expect(response.body).toMatchObject({ reason: expect.any(String) });
      }),
      { numRuns: 80, seed: fuzzSeed(0x1d7e6) },
    );
  });
});
