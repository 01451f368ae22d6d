import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { useLocalAuthority } from '../support/localAuthority';

const TID = DEMO_TENANT.tenantId;
const API = DEMO_TENANT.apiAppId;
const daemon = demoClient('daemon');
const cli = demoClient('cli');
const graphReader = demoClient('graph');

const local = useLocalAuthority();

type Json = Record<string, unknown>;

const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await local.httpsFetch(`${local.authority.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
};

const token = (form: Record<string, string>, tenant = TID) => post(`/${tenant}/oauth2/v2.0/token`, form);

const clientCredentials = (scope: string, client = daemon) =>
  token({
    grant_type: 'client_credentials',
    client_id: client.appId,
    client_secret: client.secret ?? '',
    scope,
  });

const ropc = (scope: string, username = 'bob@contoso.test', password = 'demo') =>
  token({ grant_type: 'password', client_id: cli.appId, username, password, scope });

describe('client credentials', () => {
  it.each([`${API}/.default`, `api://${API}/.default`, `${DEMO_TENANT.apiAppIdUri}/.default`])(
    'issues an app-only token for the API with scope %s',
    async (scope) => {
      const { status, body, headers } = await clientCredentials(scope);
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toContain('no-store');
      expect(Object.keys(body).sort()).toEqual([
        'access_token',
        'expires_in',
        'ext_expires_in',
        'token_type',
      ]);
      expect(body.token_type).toBe('Bearer');
      const claims = decodeJwt(String(body.access_token));
      expect(claims).toMatchObject({
        aud: API,
        idtyp: 'app',
        roles: ['Services', 'Tokens.Introspect'],
        oid: daemon.servicePrincipalId,
      });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(body.expires_in);
    },
  );

  it('issues a Graph-shaped v1.0 token with a header nonce for Graph and other https resources', async () => {
    const graph = await clientCredentials('https://graph.microsoft.com/.default', graphReader);
    expect(graph.status).toBe(200);
    const access = String(graph.body.access_token);
    expect(decodeProtectedHeader(access)).toMatchObject({
      nonce: expect.any(String),
      x5t: expect.any(String),
    });
    expect(decodeJwt(access)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${TID}/`,
      appid: graphReader.appId,
      roles: ['GroupMember.Read.All', 'User.Read.All', 'Application.Read.All'],
      ver: '1.0',
    });
    const other = await clientCredentials('https://vault.example.test/.default', graphReader);
    expect(decodeJwt(String(other.body.access_token)).aud).toBe('https://vault.example.test');
  });

  it('accepts client_secret_basic', async () => {
    const basic = Buffer.from(`${daemon.appId}:${daemon.secret}`).toString('base64');
    const res = await post(
      `/${TID}/oauth2/v2.0/token`,
      { grant_type: 'client_credentials', scope: `api://${API}/.default` },
      { authorization: `Basic ${basic}` },
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['bad secret', { client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
    ['no secret', { client_secret: undefined }, 401, 'invalid_client', 7000218],
    [
      'unknown client',
      { client_id: '99999999-9999-4999-8999-999999999999' },
      400,
      'unauthorized_client',
      700016,
    ],
    ['scope without /.default', { scope: `api://${API}/access_as_user` }, 400, 'invalid_scope', 1002012],
    [
      'two resources',
      { scope: `api://${API}/.default https://graph.microsoft.com/.default` },
      400,
      'invalid_scope',
      28000,
    ],
    ['unknown resource', { scope: 'urn:nothing/.default' }, 400, 'invalid_resource', 500011],
    ['unsupported grant', { grant_type: 'implicit' }, 400, 'unsupported_grant_type', 70003],
    ['no scope', { scope: undefined }, 400, 'invalid_request', 900144],
  ] as const)('rejects %s like Entra', async (_name, change, status, error, code) => {
    const form: Record<string, string | undefined> = {
      grant_type: 'client_credentials',
      client_id: daemon.appId,
      client_secret: daemon.secret ?? '',
      scope: `api://${API}/.default`,
      ...change,
    };
    const defined = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    const res = await token(defined);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error, error_codes: [code] });
    expect(res.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(JSON.stringify(res.body)).not.toContain(daemon.secret);
  });

  it('refuses client credentials for a public client', async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: cli.appId,
      scope: `${API}/.default`,
    });
    expect(res).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000218] } });
  });
});

describe('password grant (ROPC)', () => {
  it('returns a user token, an ID token, client_info and a refresh token', async () => {
    const bob = demoUser('bob');
    const res = await ropc(`api://${API}/access_as_user openid profile offline_access`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      scope: `api://${API}/access_as_user openid profile`,
    });
    expect(decodeJwt(String(res.body.access_token))).toMatchObject({
      aud: API,
      azp: cli.appId,
      azpacr: '0',
      scp: 'access_as_user',
      oid: bob.id,
      groups: bob.memberOf,
    });
    expect(decodeJwt(String(res.body.id_token))).toMatchObject({
      aud: cli.appId,
      oid: bob.id,
      tid: TID,
      ver: '2.0',
    });
    expect(JSON.parse(Buffer.from(String(res.body.client_info), 'base64url').toString())).toEqual({
      uid: bob.id,
      utid: TID,
    });

    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: cli.appId,
      refresh_token: String(res.body.refresh_token),
      scope: 'https://graph.microsoft.com/User.Read openid',
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(String(refreshed.body.access_token))).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'User.Read',
    });
    const bogus = await token({
      grant_type: 'refresh_token',
      client_id: cli.appId,
      refresh_token: 'nope',
      scope: 'openid',
    });
    expect(bogus).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('omits the ID token and refresh token when openid and offline_access are not asked for', async () => {
    const res = await ropc(`api://${API}/access_as_user`);
    expect(res.body).not.toHaveProperty('id_token');
    expect(res.body).not.toHaveProperty('refresh_token');
  });

  it.each([
    ['wrong password', 'bob@contoso.test', 'nope', 50126],
    ['unknown user', 'mallory@contoso.test', 'demo', 50034],
  ])('rejects a %s with invalid_grant', async (_name, username, password, code) => {
    const res = await ropc(`api://${API}/access_as_user`, username, password);
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [code] } });
  });

  it('rejects an unknown API scope and a secret sent by a public client', async () => {
    const scope = await ropc(`api://${API}/write_everything`);
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const publicWithSecret = await token({
      grant_type: 'password',
      client_id: cli.appId,
      client_secret: 'x',
      username: 'bob@contoso.test',
      password: 'demo',
      scope: `${API}/.default`,
    });
    expect(publicWithSecret).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_codes: [700025] },
    });
  });

  it('serves the v1.0 endpoint with resource= and string numbers', async () => {
    const res = await post(`/${TID}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: daemon.appId,
      client_secret: daemon.secret ?? '',
      resource: DEMO_TENANT.apiAppIdUri,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      resource: DEMO_TENANT.apiAppIdUri,
      expires_in: expect.stringMatching(/^\d+$/),
    });
  });
});

describe('hostile requests', () => {
  it('answers 4xx, never 500', async () => {
    const get = await local.httpsFetch(`${local.authority.url}/${TID}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    const json = await local.httpsFetch(`${local.authority.url}/${TID}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(json.status).toBe(400);
    const big = await post(`/${TID}/oauth2/v2.0/token`, { grant_type: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(
      (await local.httpsFetch(`${local.authority.url}/%E0%A4%A/v2.0/.well-known/openid-configuration`))
        .status,
    ).toBe(400);
    expect(
      (await local.httpsFetch(`${local.authority.url}/${'a'.repeat(300)}/discovery/v2.0/keys`)).status,
    ).toBe(400);
    expect((await local.httpsFetch(`${local.authority.url}/nothing/here`)).status).toBe(404);
  });
});

describe('device code grant', () => {
  const start = async (scope = `api://${API}/access_as_user openid profile offline_access`) => {
    const res = await post(`/${TID}/oauth2/v2.0/devicecode`, { client_id: cli.appId, scope });
    expect(res.status).toBe(200);
    return res.body as {
      device_code: string;
      user_code: string;
      verification_uri: string;
      interval: number;
    } & Json;
  };
  const poll = (deviceCode: string) =>
    token({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: cli.appId,
      device_code: deviceCode,
    });
  const approve = async (form: Record<string, string>) => {
    const res = await local.httpsFetch(`${local.authority.url}/common/oauth2/deviceauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, html: await res.text() };
  };

  it('answers the device authorization request like Entra', async () => {
    const body = await start();
    expect(body.user_code).toMatch(/^[A-Z0-9]{9}$/);
    expect(body.device_code.length).toBeGreaterThan(40);
    expect(body).toMatchObject({
      verification_uri: `${local.authority.url}/common/oauth2/deviceauth`,
      expires_in: 900,
      interval: 5,
      message: `To sign in, use a web browser to open the page ${local.authority.url}/common/oauth2/deviceauth and enter the code ${body.user_code} to authenticate.`,
    });
    expect(local.authority.pendingDeviceCodes()).toContainEqual(
      expect.objectContaining({ userCode: body.user_code, clientId: cli.appId, tenantId: TID }),
    );
  });

  it('goes pending → slow_down → approved over HTTP → token, once', async () => {
    const { device_code, user_code, verification_uri } = await start();
    expect((await poll(device_code)).body).toMatchObject({
      error: 'authorization_pending',
      error_codes: [70016],
    });
    expect((await poll(device_code)).body).toMatchObject({ error: 'slow_down' });
    const page = await (await local.httpsFetch(verification_uri)).text();
    expect(page).toContain('name="user_code"');
    expect((await approve({ user_code, username: 'bob@contoso.test', password: 'bad' })).status).toBe(400);
    const ok = await approve({
      user_code: user_code.toLowerCase(),
      username: 'bob@contoso.test',
      password: 'demo',
    });
    expect(ok).toMatchObject({ status: 200, html: expect.stringContaining('You have signed in') });
    local.clock += 10_000;
    const done = await poll(device_code);
    expect(done.status).toBe(200);
    expect(decodeJwt(String(done.body.access_token))).toMatchObject({ aud: API, oid: demoUser('bob').id });
    expect(done.body).toHaveProperty('id_token');
    local.clock += 10_000;
    expect((await poll(device_code)).body).toMatchObject({ error: 'bad_verification_code' });
  });

  it('answers authorization_declined when the user cancels', async () => {
    const { device_code, user_code } = await start();
    expect((await approve({ user_code, action: 'deny' })).status).toBe(200);
    expect((await poll(device_code)).body).toMatchObject({ error: 'authorization_declined' });
  });

  it('answers expired_token after 15 minutes', async () => {
    const { device_code, user_code } = await start();
    local.clock += 901_000;
    expect((await poll(device_code)).body).toMatchObject({ error: 'expired_token' });
    expect(local.authority.approveDeviceCode(user_code, 'bob@contoso.test')).toBe(false);
  });

  it('can be approved in-process, with the Graph audience when Graph was asked for', async () => {
    const { device_code, user_code } = await start('User.Read openid profile');
    expect(local.authority.approveDeviceCode(user_code, demoUser('carol'))).toBe(true);
    const done = await token({ grant_type: 'device_code', client_id: cli.appId, device_code });
    expect(decodeJwt(String(done.body.access_token))).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'User.Read',
    });
  });
});
