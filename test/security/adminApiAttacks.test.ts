import { decodeJwt, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoUser, demoUser } from '../../dev/demoTenant';
import { generateSigningKeySet } from '../../src/lib/platform/signingKeys';
import { call, platformToken, withBearer, adminPlatformToken } from '../support/client';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let signingJwk: JWK;
let adminToken = '';
let userToken = '';
let adminEntraToken = '';
let usersBefore = 0;
let catalogBefore = 0;
/**
 * The user the route-by-route probes change: neither caller (the non-admin's token must keep
 * working, and an administrator may not disable themself), so not one of the demo users.
 */
const target: DemoUser = {
  ...demoUser('carol'),
  id: '4f6a2c1e-9b3d-4e8f-a7c5-0d2b1e3f5a69',
  userPrincipalName: 'probe@contoso.test',
  mail: null,
};

beforeAll(async () => {
  // A known signing key, so that correctly signed but otherwise wrong platform tokens can be made.
  const keySet = await generateSigningKeySet();
  signingJwk = keySet.keys[0] as JWK;
  stack = await startStack({ settings: { BRIDGE_SIGNING_KEYS: JSON.stringify(keySet) } });
  adminToken = await adminPlatformToken(stack);
  userToken = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
  );
  // Alice has never signed in: if this token were accepted as a credential, she would be written.
  adminEntraToken = await stack.authority.userToken({
    user: demoUser('alice'),
    overrides: { isPlatformAdmin: 'is_admin', groups: ['PlatformAdminsGroup'] },
  });
  await platformToken(
    stack.url,
    await stack.authority.userToken({ user: target, overrides: { groups: ['Analysts'] } }),
  );
});
afterAll(() => stack?.stop());

const BARE_CHALLENGE = 'Bearer realm="entra-bridge"';
const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A platform token with the genuine admin token's claims, changed, signed with the bridge's own key. */
async function forge(change: Record<string, unknown>, header: Record<string, unknown> = {}, key?: CryptoKey) {
  const claims = { ...decodeJwt(adminToken), ...change };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: signingJwk.kid, typ: 'at+jwt', ...header })
    .sign(key ?? ((await importJWK(signingJwk, 'ES256')) as CryptoKey));
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

interface AdminAbuse {
  readonly name: string;
  readonly method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** Path under `/api/admin/`, sent as is (percent-encoding included). */
  readonly path: string;
  readonly authorization: () => Promise<string | undefined>;
  readonly body?: string;
  readonly status: number;
  readonly reason: string;
  readonly error?: string;
}

const none = async () => undefined;
const asAdmin = async () => `Bearer ${adminToken}`;
const asUser = async () => `Bearer ${userToken}`;
const bearer = (token: () => Promise<string>) => async () => `Bearer ${await token()}`;

const abuses: AdminAbuse[] = [
  // --- no credentials (RFC 6750 §3.1: bare challenge) ---
  {
    name: 'list groups without a token',
    method: 'GET',
    path: 'groups',
    authorization: none,
    status: 401,
    reason: 'missing_token',
  },
  {
    name: 'create a group without a token',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: none,
    status: 401,
    reason: 'missing_token',
  },
  {
    name: 'delete a role without a token',
    method: 'DELETE',
    path: 'roles/Analysts',
    authorization: none,
    status: 401,
    reason: 'missing_token',
  },
  {
    name: 'Basic credentials',
    method: 'GET',
    path: 'groups',
    authorization: async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    status: 401,
    reason: 'missing_token',
  },
  // --- authenticated, not an administrator ---
  {
    name: 'non-admin lists groups',
    method: 'GET',
    path: 'groups',
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'non-admin creates a group',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'non-admin deletes a role',
    method: 'DELETE',
    path: 'roles/Analysts?force=true',
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'non-admin renames a group',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: '{"name":"Pwned"}',
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'non-admin token re-signed with admin: true (the store decides, not the claim)',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(async () => forge({ ...decodeJwt(userToken), admin: true })),
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  // --- forged or wrong platform tokens ---
  {
    name: 'admin token signed by another key',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(async () => forge({}, {}, (await generateKeyPair('ES256')).privateKey)),
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'admin token with alg none',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: async () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${adminToken.split('.')[1]}.`,
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'admin token with HS256 and the public key as secret',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: async () => {
      const { d: _d, ...publicJwk } = signingJwk;
      const token = await new SignJWT(decodeJwt(adminToken))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: signingJwk.kid })
        .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
      return `Bearer ${token}`;
    },
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'expired admin token (correctly signed)',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(() => forge({ iat: now() - 7200, exp: now() - 3600 })),
    status: 401,
    reason: 'token_expired',
  },
  {
    name: 'admin token for another audience',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(() => forge({ aud: 'another-platform' })),
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'admin token of another issuer',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(() => forge({ iss: 'https://evil.example.com/api' })),
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'admin token typed JWT instead of at+jwt',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(() => forge({}, { typ: 'JWT' })),
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'admin token of a user who does not exist',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: bearer(() => forge({ sub: 'ghost', oid: 'ghost' })),
    status: 401,
    reason: 'unknown_user',
  },
  {
    name: 'admin token tampered (groups added, signature kept)',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: async () => {
      const [h, , s] = userToken.split('.');
      return `Bearer ${h}.${b64({ ...decodeJwt(userToken), admin: true })}.${s}`;
    },
    status: 401,
    reason: 'invalid_platform_token',
  },
  {
    name: 'Entra token with the admin claim on an admin route',
    method: 'PUT',
    path: 'groups/Evil',
    authorization: async () => `Bearer ${adminEntraToken}`,
    status: 401,
    reason: 'invalid_platform_token',
  },
  // --- OData / key injection in names (names are keys, never filter text) ---
  {
    name: "OData injection in a group name (' or PartitionKey ne ')",
    method: 'GET',
    path: "groups/' or PartitionKey ne '",
    authorization: asAdmin,
    status: 404,
    reason: 'group_not_found',
    error: 'not_found',
  },
  {
    name: 'OData injection, percent-encoded (%27)',
    method: 'GET',
    path: 'roles/x%27%20or%20PartitionKey%20ne%20%27',
    authorization: asAdmin,
    status: 404,
    reason: 'role_not_found',
    error: 'not_found',
  },
  {
    name: 'OData injection in DELETE',
    method: 'DELETE',
    path: "groups/Analysts' or '1' eq '1?force=true",
    authorization: asAdmin,
    status: 404,
    reason: 'group_not_found',
    error: 'not_found',
  },
  {
    name: 'force flag with an injection is not "true"',
    method: 'DELETE',
    path: "groups/Analysts?force=true'%20or%20'1'%20eq%20'1",
    authorization: asAdmin,
    status: 409,
    reason: 'in_use',
    error: 'conflict',
  },
  // --- Table-key and control characters in names ---
  {
    name: 'NUL in a name',
    method: 'PUT',
    path: 'groups/a%00b',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'LF in a name',
    method: 'PUT',
    path: 'groups/a%0Ab',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'DEL in a name',
    method: 'PUT',
    path: 'roles/a%7Fb',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'C1 control (U+0085) in a name',
    method: 'PUT',
    path: 'groups/a%C2%85b',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'leading space in a name',
    method: 'PUT',
    path: 'groups/%20Analysts',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'name over 256 characters',
    method: 'PUT',
    path: `groups/${'n'.repeat(257)}`,
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename to a name with a lone surrogate',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: 'a\ud800b' }),
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename to a name with a control character',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: 'x\u0001y' }),
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename to a dot-segment name',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: 'a/../b' }),
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename to a name with a trailing slash',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: 'Analysts/' }),
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename to a name containing the text %2F (unaddressable)',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: 'a%2Fb' }),
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'encoded slash making an empty segment (a%2F%2Fb)',
    method: 'PUT',
    path: 'groups/a%2F%2Fb',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'encoded dot-dot segment (a%2F..%2Fb)',
    method: 'PUT',
    path: 'groups/a%2F..%2Fb',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'rename with a non-string name',
    method: 'PATCH',
    path: 'groups/Analysts',
    body: JSON.stringify({ name: ['Analysts'] }),
    authorization: asAdmin,
    status: 400,
    reason: 'malformed_body',
    error: 'invalid_request',
  },
  {
    name: 'description that is not a string',
    method: 'PUT',
    path: 'groups/Evil',
    body: JSON.stringify({ description: { $gt: '' } }),
    authorization: asAdmin,
    status: 400,
    reason: 'malformed_body',
    error: 'invalid_request',
  },
  {
    name: 'description body over 16 KiB',
    method: 'PUT',
    path: 'groups/Evil',
    body: JSON.stringify({ description: 'd'.repeat(20_000) }),
    authorization: asAdmin,
    status: 400,
    reason: 'body_too_large',
    error: 'invalid_request',
  },
];

/** The users routes are newer; their injection cases run where the routes exist. */
const userAbuses: AdminAbuse[] = [
  {
    name: 'users list without a token',
    method: 'GET',
    path: 'users',
    authorization: none,
    status: 401,
    reason: 'missing_token',
  },
  {
    name: 'non-admin lists users',
    method: 'GET',
    path: 'users',
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'non-admin deletes a user',
    method: 'DELETE',
    path: `users/${demoUser('carol').id}`,
    authorization: asUser,
    status: 403,
    reason: 'not_admin',
    error: 'insufficient_scope',
  },
  {
    name: 'OData injection in the admin filter',
    method: 'GET',
    path: "users?admin=true'%20or%20PartitionKey%20ne%20'",
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_query',
    error: 'invalid_request',
  },
  {
    name: 'OData injection in top',
    method: 'GET',
    path: 'users?top=1%20or%201',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_query',
    error: 'invalid_request',
  },
  {
    name: 'forged continuation token',
    method: 'GET',
    path: `users?continuationToken=${encodeURIComponent(Buffer.from('{"nextPartitionKey":1}').toString('base64'))}`,
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_continuation_token',
    error: 'invalid_request',
  },
  {
    name: 'control character in a group filter',
    method: 'GET',
    path: 'users?group=a%00b',
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
  {
    name: 'control character in a user ID',
    method: 'DELETE',
    path: 'users/a%00b',
    authorization: asAdmin,
    status: 404,
    reason: 'user_not_found',
    error: 'not_found',
  },
  {
    name: 'OData injection in a user ID',
    method: 'DELETE',
    path: "users/x'%20or%20RowKey%20ne%20'",
    authorization: asAdmin,
    status: 404,
    reason: 'user_not_found',
    error: 'not_found',
  },
  {
    name: 'manual assignment of a control-character group',
    method: 'PUT',
    path: `users/${demoUser('bob').id}/groups/a%01b`,
    authorization: asAdmin,
    status: 400,
    reason: 'invalid_name',
    error: 'invalid_request',
  },
];

async function send(abuse: AdminAbuse) {
  const authorization = await abuse.authorization();
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  if (abuse.body !== undefined) headers['content-type'] = 'application/json';
  return call(`${stack.url}/api/admin/${abuse.path}`, { method: abuse.method, headers, body: abuse.body });
}

async function expectRefused(abuse: AdminAbuse) {
  const response = await send(abuse);
  expect(response.status).toBe(abuse.status);
  const error = abuse.error ?? (abuse.status === 401 ? 'invalid_token' : 'invalid_request');
  if (abuse.reason === 'missing_token') {
    expect(response.headers.get('www-authenticate')).toBe(BARE_CHALLENGE);
  } else {
    expect(response.body).toMatchObject({ error });
    if (abuse.status === 401 || abuse.status === 403) {
      expect(response.headers.get('www-authenticate')).toMatch(
        new RegExp(`^Bearer realm="entra-bridge", error="${error}"`),
      );
    }
  }
  expect(response.body).toMatchObject({ reason: abuse.reason });
  expect(await stack.count('Users')).toBe(usersBefore);
  expect(await stack.count('Catalog')).toBe(catalogBefore);
}

describe('admin API under attack', () => {
  // Counted here: the route-by-route probes below write (and audit) on purpose.
  beforeAll(async () => {
    usersBefore = await stack.count('Users');
    catalogBefore = await stack.count('Catalog');
  });

  it.each(abuses.map((c) => [c.name, c.status, c.reason, c] as const))(
    '%s → %i %s, nothing written',
    async (_name, _status, _reason, abuse) => expectRefused(abuse),
  );

  it.each(userAbuses.map((c) => [c.name, c.status, c.reason, c] as const))(
    'users route: %s → %i %s, nothing written',
    async (_name, _status, _reason, abuse) => expectRefused(abuse),
  );

  it('ignores an OData $filter in the query string of the list route', async () => {
    const response = await call(
      `${stack.url}/api/admin/groups?$filter=${encodeURIComponent("PartitionKey ne ''")}`,
      {
        headers: { authorization: `Bearer ${adminToken}` },
      },
    );
    expect(response.status).toBe(200);
    const groups = (response.body as { groups: { kind: string }[] }).groups;
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.kind === 'group')).toBe(true);
  });

  it('the injected group name did not delete the real group', async () => {
    const response = await call(`${stack.url}/api/admin/groups/Analysts`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('admin API authorization, route by route', () => {
  const routes: [string, string, RequestInit?][] = [
    ['GET', '/api/admin/groups'],
    ['PUT', '/api/admin/groups/AuthzProbe', json('PUT', {})],
    ['PATCH', '/api/admin/groups/AuthzProbe', json('PATCH', { name: 'AuthzProbe2' })],
    ['DELETE', '/api/admin/groups/AuthzProbe2'],
    ['GET', '/api/admin/roles'],
    ['GET', '/api/admin/users'],
    ['GET', `/api/admin/users/${target.id}`],
    ['POST', `/api/admin/users/${target.id}/disable`],
    ['POST', `/api/admin/users/${target.id}/enable`],
    ['PUT', `/api/admin/users/${target.id}/groups/Restricted`],
    ['DELETE', `/api/admin/users/${target.id}/groups/Restricted`],
    ['PUT', `/api/admin/users/${target.id}/roles/Analysts`],
    ['DELETE', `/api/admin/users/${target.id}/roles/Analysts`],
    [
      'POST',
      '/api/admin/explain',
      json('POST', { claims: { oid: demoUser('bob').id, groups: ['Analysts'] } }),
    ],
  ];
  it.each(routes)(
    '%s %s: 401 without a token, 403 for a non-admin, 2xx for an admin',
    async (method, path, init) => {
      const anonymous = await call(`${stack.url}${path}`, { method, ...init });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="entra-bridge"');
      const forbidden = await withBearer(`${stack.url}${path}`, userToken, { method, ...init });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ reason: 'not_admin' });
      expect(forbidden.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="entra-bridge", error="insufficient_scope"/,
      );
      const allowed = await withBearer(`${stack.url}${path}`, adminToken, { method, ...init });
      expect([200, 201, 204]).toContain(allowed.status);
    },
  );
});
