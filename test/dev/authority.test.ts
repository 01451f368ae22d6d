import { createHash, X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { useLocalAuthority } from '../support/localAuthority';

const TID = DEMO_TENANT.tenantId;
const API = DEMO_TENANT.apiAppId;

const local = useLocalAuthority();

const getJson = async (path: string) => {
  const res = await local.httpsFetch(`${local.authority.url}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

const verify = async (token: string, version: 1 | 2) => {
  const doc = await getJson(`/${TID}${version === 2 ? '/v2.0' : ''}/.well-known/openid-configuration`);
  const jwks = createRemoteJWKSet(new URL(String(doc.body.jwks_uri)), { [customFetch]: local.httpsFetch });
  const audience = version === 2 ? API : DEMO_TENANT.apiAppIdUri;
  return jwtVerify(token, jwks, {
    issuer: String(doc.body.issuer),
    audience,
    currentDate: new Date(local.clock),
  });
};

beforeEach(() => {
  local.authority.faults.jwksDown = false;
  local.authority.faults.jwksDelayMs = 0;
});

describe('discovery', () => {
  it('serves the v2.0 document of a tenant like Entra', async () => {
    const { status, body } = await getJson(`/${TID}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(local.authority.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(body).toMatchObject({
      issuer: `${local.authority.url}/${TID}/v2.0`,
      jwks_uri: `${local.authority.url}/${TID}/discovery/v2.0/keys`,
      token_endpoint: `${local.authority.url}/${TID}/oauth2/v2.0/token`,
      authorization_endpoint: `${local.authority.url}/${TID}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${local.authority.url}/${TID}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${local.authority.url}/${TID}/oauth2/v2.0/logout`,
      cloud_instance_name: 'microsoftonline.com',
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(body.response_types_supported).toContain('code');
  });

  it('serves the v1.0 document with the sts.windows.net issuer', async () => {
    const { body } = await getJson(`/${TID}/.well-known/openid-configuration`);
    expect(body).toMatchObject({
      issuer: `https://sts.windows.net/${TID}/`,
      jwks_uri: `${local.authority.url}/${TID}/discovery/keys`,
      token_endpoint: `${local.authority.url}/${TID}/oauth2/token`,
    });
  });

  it('uses the {tenantid} template for organizations and common, and accepts the domain name', async () => {
    const orgs = await getJson('/organizations/v2.0/.well-known/openid-configuration');
    expect(orgs.body.issuer).toBe(`${local.authority.url}/{tenantid}/v2.0`);
    expect(orgs.body.token_endpoint).toBe(`${local.authority.url}/organizations/oauth2/v2.0/token`);
    const common = await getJson('/common/.well-known/openid-configuration');
    expect(common.body.issuer).toBe('https://sts.windows.net/{tenantid}/');
    const byDomain = await getJson(`/${DEMO_TENANT.domain}/v2.0/.well-known/openid-configuration`);
    expect(byDomain.body.issuer).toBe(`${local.authority.url}/${TID}/v2.0`);
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const { status, body } = await getJson(
      '/00000000-0000-0000-0000-000000000001/v2.0/.well-known/openid-configuration',
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(body.error_description).toMatch(
      /^AADSTS90002: Tenant '00000000-0000-0000-0000-000000000001' not found/,
    );
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    const keys = await getJson('/00000000-0000-0000-0000-000000000001/discovery/v2.0/keys');
    expect(keys.status).toBe(400);
  });

  it('answers MSAL instance discovery with the local.authority as its own alias', async () => {
    const authorize = encodeURIComponent(`${local.authority.url}/${TID}/oauth2/v2.0/authorize`);
    const { body } = await getJson(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
    );
    const host = new URL(local.authority.url).host;
    expect(body).toEqual({
      tenant_discovery_endpoint: `${local.authority.url}/${TID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
});

describe('key set', () => {
  it('publishes RSA keys whose kid and x5t are the SHA-1 thumbprint of x5c[0]', async () => {
    const { body, headers } = await getJson(`/${TID}/discovery/v2.0/keys`);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    const keys = body.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(
        ['cloud_instance_name', 'e', 'issuer', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t'].sort(),
      );
      expect(key).toMatchObject({
        kty: 'RSA',
        use: 'sig',
        e: 'AQAB',
        issuer: `${local.authority.url}/${TID}/v2.0`,
      });
      const der = Buffer.from((key.x5c as string[])[0] ?? '', 'base64');
      const thumbprint = createHash('sha1').update(der).digest('base64url');
      expect(key.kid).toBe(thumbprint);
      expect(key.x5t).toBe(thumbprint);
      const cert = new X509Certificate(der);
      expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({ n: key.n, e: key.e });
      expect(Buffer.from(String(key.n), 'base64url').length).toBe(256);
    }
  });

  it('serves the same keys on the v1.0 and common endpoints, the latter with the {tenantid} template', async () => {
    const v2 = (await getJson(`/${TID}/discovery/v2.0/keys`)).body.keys as { kid: string }[];
    const v1 = (await getJson(`/${TID}/discovery/keys`)).body.keys as { kid: string }[];
    const common = (await getJson('/common/discovery/v2.0/keys')).body.keys as {
      kid: string;
      issuer: string;
    }[];
    expect(v1.map((k) => k.kid)).toEqual(v2.map((k) => k.kid));
    expect(common.map((k) => k.kid)).toEqual(v2.map((k) => k.kid));
    expect(common[0]?.issuer).toBe(`${local.authority.url}/{tenantid}/v2.0`);
    expect(local.authority.publicJwks()).toEqual({ keys: common });
  });

  it('rotates: the new key is published first and signs, old keys stay until retired', async () => {
    const before = local.authority.publicJwks().keys as { kid: string }[];
    const oldToken = await local.authority.userToken({ user: 'bob@contoso.test' });
    const kid = await local.authority.rotateKeys();
    const after = local.authority.publicJwks().keys as { kid: string }[];
    expect(after.map((k) => k.kid)).toEqual([kid, ...before.map((k) => k.kid)]);
    const newToken = await local.authority.userToken({ user: 'bob@contoso.test' });
    expect(decodeProtectedHeader(newToken).kid).toBe(kid);
    await expect(verify(newToken, 2)).resolves.toBeTruthy();
    await expect(verify(oldToken, 2)).resolves.toBeTruthy();

    const oldKid = String(decodeProtectedHeader(oldToken).kid);
    local.authority.retireKey(oldKid);
    expect((local.authority.publicJwks().keys as { kid: string }[]).map((k) => k.kid)).not.toContain(oldKid);
    await expect(verify(oldToken, 2)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const byRetired = await local.authority.sign({ aud: API }, { kid: oldKid });
    expect(decodeProtectedHeader(byRetired).kid).toBe(oldKid);
  });

  it('honours jwksDown and jwksDelayMs, and counts requests', async () => {
    local.authority.stats.reset();
    local.authority.faults.jwksDown = true;
    const down = await local.httpsFetch(`${local.authority.url}/${TID}/discovery/v2.0/keys`);
    expect(down.status).toBe(503);
    local.authority.faults.jwksDown = false;
    local.authority.faults.jwksDelayMs = 300;
    const started = Date.now();
    expect((await getJson('/common/discovery/v2.0/keys')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await getJson(`/${TID}/v2.0/.well-known/openid-configuration`);
    expect(local.authority.stats).toMatchObject({ jwksRequests: 2, discoveryRequests: 1, tokenRequests: 0 });
    local.authority.stats.reset();
    expect(local.authority.stats.jwksRequests).toBe(0);
  });
});

describe('token helpers', () => {
  it('mints a v2.0 user token shaped like Entra', async () => {
    const bob = demoUser('bob');
    const token = await local.authority.userToken({ user: bob });
    expect(decodeProtectedHeader(token)).toEqual({
      typ: 'JWT',
      alg: 'RS256',
      kid: (local.authority.publicJwks().keys[0] as { kid: string }).kid,
    });
    const { payload } = await verify(token, 2);
    expect(Object.keys(payload).sort()).toEqual(
      [
        'aud',
        'iss',
        'iat',
        'nbf',
        'exp',
        'aio',
        'azp',
        'azpacr',
        'name',
        'oid',
        'preferred_username',
        'rh',
        'scp',
        'sub',
        'tid',
        'uti',
        'ver',
        'groups',
        'given_name',
        'family_name',
        'email',
      ].sort(),
    );
    expect(payload).toMatchObject({
      aud: API,
      iss: `${local.authority.url}/${TID}/v2.0`,
      azp: demoClient('web').appId,
      azpacr: '1',
      name: 'Bob Analyst',
      oid: bob.id,
      preferred_username: 'bob@contoso.test',
      scp: 'access_as_user',
      tid: TID,
      ver: '2.0',
      groups: bob.memberOf,
      given_name: 'Bob',
      family_name: 'Analyst',
      email: 'bob@contoso.test',
    });
    expect(payload.iat).toBe(Math.floor(local.clock / 1000));
    const lifetime = Number(payload.exp) - Number(payload.iat);
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(5400);
    expect(String(payload.sub)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.sub).not.toBe(bob.id);
  });

  it('omits email for a user without mail and applies overrides last', async () => {
    const token = await local.authority.userToken({
      user: 'carol@contoso.test',
      scopes: ['access_as_user', 'other'],
      lifetimeSeconds: 60,
      overrides: { given_name: undefined, isPlatformAdmin: 'is_admin' },
    });
    const claims = decodeJwt(token);
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('given_name');
    expect(claims).toMatchObject({ scp: 'access_as_user other', isPlatformAdmin: 'is_admin' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
  });

  it('mints a v1.0 user token with appid, upn and the api:// audience', async () => {
    const token = await local.authority.userToken({
      user: 'alice@contoso.test',
      version: 1,
      clientAppId: demoClient('cli').appId,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'JWT', alg: 'RS256', x5t: expect.any(String) });
    const { payload } = await verify(token, 1);
    expect(payload).toMatchObject({
      aud: DEMO_TENANT.apiAppIdUri,
      iss: `https://sts.windows.net/${TID}/`,
      acr: '1',
      amr: ['pwd'],
      appid: demoClient('cli').appId,
      appidacr: '0',
      upn: 'alice@contoso.test',
      unique_name: 'alice@contoso.test',
      ver: '1.0',
      groups: demoUser('alice').memberOf,
    });
    expect(payload).not.toHaveProperty('azp');
  });

  it('mints app-only tokens: roles, idtyp app, oid = sub = service principal, no scp or groups', async () => {
    const daemon = demoClient('daemon');
    const { payload } = await verify(await local.authority.appToken({ clientAppId: daemon.appId }), 2);
    expect(payload).toMatchObject({
      aud: API,
      azp: daemon.appId,
      azpacr: '1',
      idtyp: 'app',
      oid: daemon.servicePrincipalId,
      sub: daemon.servicePrincipalId,
      roles: ['Services', 'Tokens.Introspect'],
      tid: TID,
      ver: '2.0',
    });
    expect(payload).not.toHaveProperty('scp');
    expect(payload).not.toHaveProperty('groups');
    const v1 = await verify(
      await local.authority.appToken({ clientAppId: daemon.appId, version: 1, roles: [] }),
      1,
    );
    expect(v1.payload).toMatchObject({ appid: daemon.appId, appidacr: '1', ver: '1.0', idtyp: 'app' });
    expect(v1.payload).not.toHaveProperty('roles');
  });

  it('reflects live changes to tenant data', async () => {
    const bob = demoUser('bob');
    const live = local.authority.tenant(TID);
    const liveBob = live.users.find((u) => u.id === bob.id);
    liveBob?.memberOf.splice(0, liveBob.memberOf.length, 'f0000000-0000-4000-8000-000000000001');
    const claims = decodeJwt(await local.authority.userToken({ user: bob.id }));
    expect(claims.groups).toEqual(['f0000000-0000-4000-8000-000000000001']);
    expect(DEMO_TENANT.users.find((u) => u.id === bob.id)?.memberOf).toEqual(bob.memberOf);
  });

  it('signs arbitrary headers and claims for hostile-token tests', async () => {
    const token = await local.authority.sign(
      { aud: API, iss: 'https://evil.example/', tid: 'other' },
      { header: { jku: 'https://evil.example/keys' } },
    );
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', jku: 'https://evil.example/keys' });
    expect(decodeJwt(token)).toEqual({ aud: API, iss: 'https://evil.example/', tid: 'other' });
    const jwks = createRemoteJWKSet(new URL(`${local.authority.url}/common/discovery/v2.0/keys`), {
      [customFetch]: local.httpsFetch,
    });
    await expect(jwtVerify(token, jwks)).resolves.toBeTruthy();
  });
});
