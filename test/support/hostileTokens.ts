import { createServer, type Server } from 'node:http';
import { createPublicKey } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import type { LocalAuthority } from '../../dev/authority';

/** One hostile or malformed subject token and the reason the bridge must give. */
export interface HostileCase {
  readonly name: string;
  readonly reason: string;
  readonly token: () => Promise<string>;
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const OTHER_TENANT = 'd0e1f2a3-b4c5-4d6e-8f7a-9b0c1d2e3f4a';

/** A trap server: any request to it means we fetched a URL that came from a token. */
export async function startTrap(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * Tokens an attacker or a confused client could send, built from a genuine token of the
 * local authority (same keys, same claim shapes) and then altered: RFC 8725 classes
 * plus Entra-specific mistakes. The trap URL must never be fetched. Getters, so the list
 * can be declared before the stack starts.
 */
export function hostileTokens(getAuthority: () => LocalAuthority, getTrapUrl: () => string): HostileCase[] {
  const bob = demoUser('bob');
  const now = () => Math.floor(Date.now() / 1000);
  const genuine = () => getAuthority().userToken({ user: bob, overrides: { groups: ['Analysts'] } });
  const claims = async () => decodeJwt(await genuine()) as Record<string, unknown>;
  const resign = async (change: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    getAuthority().sign({ ...(await claims()), ...change }, { header });
  const unsigned = async (header: Record<string, unknown>, change: Record<string, unknown> = {}) =>
    `${b64(header)}.${b64({ ...(await claims()), ...change })}.`;
  const publicPem = () => {
    const jwk = getAuthority().publicJwks(DEMO_TENANT.tenantId).keys[0] as Record<string, unknown>;
    return createPublicKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  };
  const v2Issuer = () => `${getAuthority().url}/${DEMO_TENANT.tenantId}/v2.0`;

  return [
    {
      name: 'expired',
      reason: 'token_expired',
      token: () => resign({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }),
    },
    {
      name: 'not yet valid',
      reason: 'token_not_yet_valid',
      token: () => resign({ nbf: now() + 3600, exp: now() + 7200 }),
    },
    {
      name: 'issued in the future',
      reason: 'token_issued_in_future',
      token: () => resign({ iat: now() + 3600 }),
    },
    {
      name: 'other audience',
      reason: 'audience_mismatch',
      token: () => resign({ aud: '11111111-2222-4333-8444-555555555555' }),
    },
    {
      name: 'audience as api:// of another app',
      reason: 'audience_mismatch',
      token: () => resign({ aud: 'api://other' }),
    },
    {
      name: 'token for Microsoft Graph',
      reason: 'wrong_audience_graph_token',
      token: () => resign({ aud: 'https://graph.microsoft.com' }),
    },
    {
      name: 'Graph app ID audience',
      reason: 'wrong_audience_graph_token',
      token: () => resign({ aud: '00000003-0000-0000-c000-000000000000' }),
    },
    {
      name: 'nonce header (Graph token)',
      reason: 'wrong_audience_graph_token',
      token: () => resign({}, { nonce: 'abc' }),
    },
    {
      name: 'issuer of another host',
      reason: 'issuer_mismatch',
      token: () => resign({ iss: `https://evil.example.com/${DEMO_TENANT.tenantId}/v2.0` }),
    },
    {
      name: 'v1 issuer on a v2 token',
      reason: 'issuer_mismatch',
      token: () => resign({ iss: `https://sts.windows.net/${DEMO_TENANT.tenantId}/` }),
    },
    {
      name: 'other tenant, trusted key',
      reason: 'tenant_not_allowed',
      token: () => resign({ tid: OTHER_TENANT, iss: v2Issuer().replace(DEMO_TENANT.tenantId, OTHER_TENANT) }),
    },
    {
      name: 'our tid, issuer of another tenant',
      reason: 'issuer_mismatch',
      token: () => resign({ iss: v2Issuer().replace(DEMO_TENANT.tenantId, OTHER_TENANT) }),
    },
    {
      name: 'look-alike tenant ID (fullwidth digit)',
      reason: 'tenant_not_allowed',
      token: () => resign({ tid: `\uff10${DEMO_TENANT.tenantId.slice(1)}` }),
    },
    {
      name: 'unknown kid',
      reason: 'unknown_key',
      token: () => resign({}, { kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' }),
    },
    {
      name: 'kid path traversal',
      reason: 'unknown_key',
      token: () => resign({}, { kid: '../../../../etc/passwd' }),
    },
    { name: 'missing kid', reason: 'missing_kid', token: () => resign({}, { kid: undefined }) },
    {
      name: 'alg none',
      reason: 'unsupported_algorithm',
      token: () => unsigned({ typ: 'JWT', alg: 'none', kid: 'x' }),
    },
    {
      name: 'alg None (case)',
      reason: 'unsupported_algorithm',
      token: () => unsigned({ typ: 'JWT', alg: 'None', kid: 'x' }),
    },
    {
      name: 'HS256 with the public key as secret',
      reason: 'unsupported_algorithm',
      token: async () =>
        new SignJWT(await claims())
          .setProtectedHeader({
            alg: 'HS256',
            typ: 'JWT',
            kid: String((getAuthority().publicJwks().keys[0] as { kid: string }).kid),
          })
          .sign(new TextEncoder().encode(publicPem())),
    },
    { name: 'ES256 claimed', reason: 'unsupported_algorithm', token: () => resign({}, { alg: 'ES256' }) },
    {
      name: 'tampered payload',
      reason: 'bad_signature',
      token: async () => {
        const [h, , s] = (await genuine()).split('.');
        return `${h}.${b64({ ...(await claims()), groups: ['PlatformAdminsGroup'], isPlatformAdmin: 'is_admin' })}.${s}`;
      },
    },
    {
      name: 'tampered signature',
      reason: 'bad_signature',
      token: async () => {
        const token = await genuine();
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    },
    {
      name: 'signature stripped',
      reason: 'bad_signature',
      token: async () => `${(await genuine()).split('.').slice(0, 2).join('.')}.`,
    },
    {
      name: 'jku header pointing elsewhere',
      reason: 'forbidden_header',
      token: () => resign({}, { jku: `${getTrapUrl()}/keys` }),
    },
    {
      name: 'x5u header',
      reason: 'forbidden_header',
      token: () => resign({}, { x5u: `${getTrapUrl()}/cert.pem` }),
    },
    {
      name: 'embedded jwk header',
      reason: 'forbidden_header',
      token: () => resign({}, { jwk: getAuthority().publicJwks().keys[0] }),
    },
    { name: 'x5c header', reason: 'forbidden_header', token: () => resign({}, { x5c: ['MIIB'] }) },
    { name: 'crit header', reason: 'forbidden_header', token: () => resign({}, { crit: ['exp'] }) },
    { name: 'not a JWT', reason: 'token_malformed', token: async () => 'hello world' },
    { name: 'two segments', reason: 'token_malformed', token: async () => 'eyJhbGciOiJSUzI1NiJ9.eyJ9' },
    {
      name: 'header not JSON',
      reason: 'token_malformed',
      token: async () => `${b64('not json')}.${b64({})}.sig`,
    },
    {
      name: 'payload is an array',
      reason: 'token_malformed',
      token: async () => `${b64({ alg: 'RS256', kid: 'x' })}.${b64([1, 2])}.sig`,
    },
    {
      name: 'JWE (encrypted, five parts)',
      reason: 'token_encrypted',
      token: async () => 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d',
    },
    { name: 'oversize token', reason: 'token_too_large', token: () => resign({ pad: 'x'.repeat(30_000) }) },
    {
      name: 'duplicate claim names',
      reason: 'token_malformed',
      token: async () => {
        const [h, p] = (await genuine()).split('.');
        const json = Buffer.from(p ?? '', 'base64url')
          .toString()
          .replace(/^\{/, `{"tid":"${OTHER_TENANT}",`);
        return `${h}.${b64(json)}.sig`;
      },
    },
    { name: 'unaccepted version', reason: 'version_not_accepted', token: () => resign({ ver: '3.0' }) },
    {
      name: 'client not allowed',
      reason: 'client_not_allowed',
      token: () => resign({ azp: demoClient('other').appId }),
    },
    { name: 'client claim missing', reason: 'client_not_allowed', token: () => resign({ azp: undefined }) },
    { name: 'empty scope (delegated token)', reason: 'missing_scope', token: () => resign({ scp: '' }) },
    {
      name: 'app-only token without app role',
      reason: 'missing_app_role',
      token: () => getAuthority().appToken({ clientAppId: demoClient('daemon').appId, roles: [] }),
    },
    { name: 'tid as a number', reason: 'invalid_claim', token: () => resign({ tid: 12345 }) },
    { name: 'exp as a string', reason: 'invalid_claim', token: () => resign({ exp: String(now() + 3600) }) },
    {
      name: 'groups with an object',
      reason: 'invalid_claim',
      token: () => resign({ groups: [{ id: 'x' }] }),
    },
    { name: 'roles as a string', reason: 'invalid_claim', token: () => resign({ roles: 'admin' }) },
    { name: 'user ID claim missing', reason: 'missing_user_id', token: () => resign({ oid: undefined }) },
    { name: 'user ID claim empty', reason: 'missing_user_id', token: () => resign({ oid: ' ' }) },
  ];
}
