import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { CompactEncrypt, decodeJwt, generateKeyPair } from 'jose';
import type { LocalAuthority } from '../../dev/authority';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import type { HostileCase } from './hostileTokens';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const OTHER_TENANT = 'd0e1f2a3-b4c5-4d6e-8f7a-9b0c1d2e3f4a';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** `depth` nested arrays around `inner`, as JSON text. */
const nestedArrays = (depth: number, inner = '"x"') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A key pair the tenant never published: "its" signatures are an attacker's. */
const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * The RFC 8725 classes and Entra mistakes that {@link hostileTokens} does not cover:
 * `kid` injection variants, nested JWS, JWE, huge and deeply nested payloads, numbers as
 * strings, Unicode look-alikes in app IDs, cross-tenant v1 tokens, v1 Graph tokens with a
 * `nonce`, prototype-pollution shapes, and non-canonical encodings. Each case is built from a
 * genuine token of the local authority and altered in exactly one way, so the expected
 * reason is the only thing wrong with it.
 */
export function extraHostileTokens(getAuthority: () => LocalAuthority): HostileCase[] {
  const bob = demoUser('bob');
  const tid = DEMO_TENANT.tenantId;
  const now = () => Math.floor(Date.now() / 1000);
  const genuine = (version: 1 | 2 = 2) =>
    getAuthority().userToken({ user: bob, version, overrides: { groups: ['Analysts'] } });
  const claims = async (version: 1 | 2 = 2) => decodeJwt(await genuine(version)) as Record<string, unknown>;
  const resign = async (change: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    getAuthority().sign({ ...(await claims()), ...change }, { header });
  const resignV1 = async (change: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    getAuthority().sign({ ...(await claims(1)), ...change }, { header });
  const genuineHeader = async () => (await genuine()).split('.')[0] ?? '';
  /** The genuine header, a payload given as raw JSON text, and a throw-away signature. */
  const rawPayload = async (json: string) => `${await genuineHeader()}.${b64(json)}.${b64('sig')}`;
  /** A genuine payload with one claim replaced by raw JSON text (for values JSON.stringify cannot make). */
  const rawClaim = async (name: string, jsonValue: string) => {
    const { [name]: _dropped, ...rest } = await claims();
    return rawPayload(`${JSON.stringify(rest).slice(0, -1)},"${name}":${jsonValue}}`);
  };
  const homoglyph = (text: string) => text.replace('e', '\u0435'); // Cyrillic small ie

  return [
    // --- kid injection (RFC 8725 §3.10: the kid is attacker-controlled input) ---
    { name: 'kid SQL injection', reason: 'unknown_key', token: () => resign({}, { kid: "' OR '1'='1' --" }) },
    {
      name: 'kid very long (8 KB)',
      reason: 'unknown_key',
      token: () => resign({}, { kid: 'k'.repeat(8192) }),
    },
    {
      name: 'kid with CR/LF and NUL',
      reason: 'unknown_key',
      token: () => resign({}, { kid: 'a\r\nX-Evil: 1\u0000' }),
    },
    {
      name: 'kid URL',
      reason: 'unknown_key',
      token: () => resign({}, { kid: 'https://evil.example.com/keys' }),
    },
    { name: 'kid as a number', reason: 'missing_kid', token: () => resign({}, { kid: 1 }) },
    {
      name: 'kid as an object (NoSQL operator)',
      reason: 'missing_kid',
      token: () => resign({}, { kid: { $ne: null } }),
    },
    { name: 'kid as an array', reason: 'missing_kid', token: () => resign({}, { kid: ['a', 'b'] }) },
    { name: 'kid empty', reason: 'missing_kid', token: () => resign({}, { kid: '' }) },
    {
      name: 'genuine kid, attacker key (key confusion)',
      reason: 'bad_signature',
      token: async () => {
        const [h, p] = (await genuine()).split('.');
        const signature = rsaSign('sha256', Buffer.from(`${h}.${p}`), attackerKey.privateKey);
        return `${h}.${p}.${signature.toString('base64url')}`;
      },
    },
    // --- algorithms ---
    {
      name: 'alg rs256 (lower case)',
      reason: 'unsupported_algorithm',
      token: () => resign({}, { alg: 'rs256' }),
    },
    { name: 'alg RS512', reason: 'unsupported_algorithm', token: () => resign({}, { alg: 'RS512' }) },
    { name: 'alg PS256', reason: 'unsupported_algorithm', token: () => resign({}, { alg: 'PS256' }) },
    { name: 'alg as an array', reason: 'unsupported_algorithm', token: () => resign({}, { alg: ['RS256'] }) },
    { name: 'alg missing', reason: 'unsupported_algorithm', token: () => resign({}, { alg: undefined }) },
    // --- nested JWS / JWE ---
    {
      name: 'nested JWS (payload is a JWT, cty JWT)',
      reason: 'token_malformed',
      token: async () =>
        `${b64({ typ: 'JWT', cty: 'JWT', alg: 'RS256', kid: 'x' })}.${b64(await genuine())}.${b64('sig')}`,
    },
    {
      name: 'nested JWS signed by the trusted key (payload a JSON string)',
      reason: 'token_malformed',
      token: async () =>
        getAuthority().sign((await genuine()) as unknown as Record<string, unknown>, {
          header: { cty: 'JWT' },
        }),
    },
    {
      name: 'JWE (RSA-OAEP-256, A256GCM)',
      reason: 'token_encrypted',
      token: async () => {
        const { publicKey } = await generateKeyPair('RSA-OAEP-256');
        return new CompactEncrypt(new TextEncoder().encode(await genuine()))
          .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
          .encrypt(publicKey);
      },
    },
    {
      name: 'JWE dir (empty encrypted key)',
      reason: 'token_encrypted',
      token: async () =>
        `${b64({ alg: 'dir', enc: 'A128GCM' })}..${b64('iv')}.${b64('ciphertext')}.${b64('tag')}`,
    },
    {
      name: 'four segments',
      reason: 'token_malformed',
      token: async () => `${await genuine()}.${b64('extra')}`,
    },
    // --- huge and deeply nested payloads ---
    {
      name: 'deeply nested groups within the size limit',
      reason: 'invalid_claim',
      token: () => rawClaim('groups', nestedArrays(4000)),
    },
    {
      name: 'deeply nested unknown claim within the size limit, tampered',
      reason: 'bad_signature',
      token: async () => {
        const [h, , s] = (await genuine()).split('.');
        const json = `${JSON.stringify(await claims()).slice(0, -1)},"x":${nestedObjects(1500)}}`;
        return `${h}.${b64(json)}.${s}`;
      },
    },
    {
      name: 'deeply nested payload beyond the size limit',
      reason: 'token_too_large',
      token: () => rawClaim('x', nestedArrays(20_000)),
    },
    {
      name: 'payload just under the size limit, other tenant',
      reason: 'tenant_not_allowed',
      token: () => resign({ tid: OTHER_TENANT, pad: 'p'.repeat(12_000) }),
    },
    {
      name: '1500 groups of a foreign tenant',
      reason: 'tenant_not_allowed',
      token: () => resign({ tid: OTHER_TENANT, groups: Array.from({ length: 1500 }, (_, i) => `g${i}`) }),
    },
    { name: 'huge header', reason: 'token_too_large', token: () => resign({}, { pad: 'h'.repeat(25_000) }) },
    // --- numbers as strings and other non-numeric times ---
    { name: 'nbf as a string', reason: 'invalid_claim', token: () => resign({ nbf: String(now() - 60) }) },
    { name: 'iat as a string', reason: 'invalid_claim', token: () => resign({ iat: String(now()) }) },
    {
      name: 'exp as a far-future string',
      reason: 'invalid_claim',
      token: () => resign({ exp: '9999999999' }),
    },
    { name: 'exp as a boolean', reason: 'invalid_claim', token: () => resign({ exp: true }) },
    { name: 'exp null', reason: 'invalid_claim', token: () => resign({ exp: null }) },
    {
      name: 'exp overflowing to Infinity (1e400)',
      reason: 'invalid_claim',
      token: () => rawClaim('exp', '1e400'),
    },
    { name: 'exp missing', reason: 'invalid_claim', token: () => resign({ exp: undefined }) },
    // --- other non-string claims where strings are expected ---
    { name: 'ver as a number', reason: 'invalid_claim', token: () => resign({ ver: 2 }) },
    { name: 'scp as an array', reason: 'invalid_claim', token: () => resign({ scp: ['access_as_user'] }) },
    { name: 'iss as an array', reason: 'invalid_claim', token: () => resign({ iss: ['a', 'b'] }) },
    {
      name: 'aud as an object',
      reason: 'invalid_claim',
      token: () => resign({ aud: { id: DEMO_TENANT.apiAppId } }),
    },
    { name: 'azp as a number', reason: 'invalid_claim', token: () => resign({ azp: 42 }) },
    // --- Unicode look-alikes in tenant and app IDs ---
    {
      name: 'aud with a Cyrillic look-alike',
      reason: 'audience_mismatch',
      token: () => resign({ aud: homoglyph(DEMO_TENANT.apiAppId) }),
    },
    {
      name: 'aud with a zero-width space',
      reason: 'audience_mismatch',
      token: () => resign({ aud: `${DEMO_TENANT.apiAppId}\u200b` }),
    },
    {
      name: 'api:// aud with a fullwidth colon',
      reason: 'audience_mismatch',
      token: () => resign({ aud: DEMO_TENANT.apiAppIdUri.replace(':', '\uff1a') }),
    },
    {
      name: 'azp with a Cyrillic look-alike',
      reason: 'client_not_allowed',
      token: () => resign({ azp: homoglyph(demoClient('web').appId) }),
    },
    {
      name: 'azp with a trailing zero-width joiner',
      reason: 'client_not_allowed',
      token: () => resign({ azp: `${demoClient('web').appId}\u200d` }),
    },
    {
      name: 'v1 appid with a look-alike',
      reason: 'client_not_allowed',
      token: () => resignV1({ appid: homoglyph(demoClient('web').appId) }),
    },
    {
      name: 'tid with a zero-width space',
      reason: 'tenant_not_allowed',
      token: () => resign({ tid: `${tid}\u200b` }),
    },
    { name: 'tid empty', reason: 'tenant_not_allowed', token: () => resign({ tid: '' }) },
    // --- cross-tenant v1 tokens signed by a trusted key ---
    {
      name: 'v1 token of another tenant',
      reason: 'tenant_not_allowed',
      token: () => resignV1({ tid: OTHER_TENANT, iss: `https://sts.windows.net/${OTHER_TENANT}/` }),
    },
    {
      name: 'v1 token, our tid, issuer of another tenant',
      reason: 'issuer_mismatch',
      token: () => resignV1({ iss: `https://sts.windows.net/${OTHER_TENANT}/` }),
    },
    {
      name: 'v1 token with the v2 issuer',
      reason: 'issuer_mismatch',
      token: async () => resignV1({ iss: `${getAuthority().url}/${tid}/v2.0` }),
    },
    {
      name: 'v1 token with the China issuer',
      reason: 'issuer_mismatch',
      token: () => resignV1({ iss: `https://sts.chinacloudapi.cn/${tid}/` }),
    },
    // --- Graph tokens (v1 shape, header nonce) ---
    {
      name: 'v1 Graph token with nonce',
      reason: 'wrong_audience_graph_token',
      token: async () =>
        getAuthority().sign(
          { ...(await claims(1)), aud: 'https://graph.microsoft.com', scp: 'User.Read' },
          { header: { nonce: 'QvBlMwZ3cH8K1d2pQe5W9x0Yz', x5t: 'x' } },
        ),
    },
    {
      name: 'v1 Graph app-ID audience with trailing slash',
      reason: 'wrong_audience_graph_token',
      token: () => resignV1({ aud: 'https://graph.microsoft.com/' }),
    },
    {
      name: 'our audience but a nonce header',
      reason: 'wrong_audience_graph_token',
      token: () => resignV1({}, { nonce: 'abc' }),
    },
    {
      name: 'audience list naming us and Graph',
      reason: 'wrong_audience_graph_token',
      token: () => resign({ aud: [DEMO_TENANT.apiAppId, GRAPH_APP_ID] }),
    },
    // --- prototype pollution and JSON edge cases ---
    {
      name: '__proto__ carrying tid',
      reason: 'tenant_not_allowed',
      token: async () => {
        const { tid: _tid, ...rest } = await claims();
        return rawPayload(`${JSON.stringify(rest).slice(0, -1)},"__proto__":{"tid":"${tid}"}}`);
      },
    },
    {
      name: 'duplicate alg in the header',
      reason: 'token_malformed',
      token: async () =>
        `${b64('{"alg":"none","alg":"RS256","kid":"x"}')}.${(await genuine()).split('.').slice(1).join('.')}`,
    },
    {
      name: 'duplicate claim by escape (\\u0074id)',
      reason: 'token_malformed',
      token: async () =>
        rawPayload(`${JSON.stringify(await claims()).slice(0, -1)},"\\u0074id":"${OTHER_TENANT}"}`),
    },
    {
      name: 'header with a byte order mark',
      reason: 'token_malformed',
      token: async () =>
        `${b64('\ufeff{"alg":"RS256","kid":"x"}')}.${(await genuine()).split('.').slice(1).join('.')}`,
    },
    {
      name: 'header in UTF-16',
      reason: 'token_malformed',
      token: async () =>
        `${Buffer.from('{"alg":"RS256"}', 'utf16le').toString('base64url')}.${(await genuine()).split('.').slice(1).join('.')}`,
    },
    {
      name: 'payload with invalid UTF-8',
      reason: 'token_malformed',
      token: async () =>
        `${await genuineHeader()}.${Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')}.${b64('s')}`,
    },
    {
      name: 'non-canonical base64url (trailing bits)',
      reason: 'token_malformed',
      token: async () => {
        const [h, p, s] = (await genuine()).split('.') as [string, string, string];
        // A last character whose unused low bits are set decodes to the same bytes.
        const last = p.at(-1) ?? 'A';
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const bits = p.length % 4 === 2 ? 4 : p.length % 4 === 3 ? 2 : 0;
        const tweaked =
          bits === 0 ? `${p}A` : `${p.slice(0, -1)}${alphabet[alphabet.indexOf(last) | ((1 << bits) - 1)]}`;
        return `${h}.${tweaked}.${s}`;
      },
    },
    {
      name: 'base64 padding',
      reason: 'token_malformed',
      token: async () => (await genuine()).replace('.', '=.'),
    },
    {
      name: 'standard base64 alphabet (+/)',
      reason: 'token_malformed',
      token: async () => `${await genuine()}+/`,
    },
    // --- tokens of the wrong kind ---
    {
      name: 'ID token for the client app',
      reason: 'audience_mismatch',
      token: () => resign({ aud: demoClient('web').appId, scp: undefined, nonce: 'n' }),
    },
    {
      name: 'token of a foreign client app (not allowed)',
      reason: 'client_not_allowed',
      token: () => getAuthority().userToken({ user: bob, clientAppId: demoClient('graph').appId }),
    },
    {
      name: 'user ID claim longer than 256 characters',
      reason: 'missing_user_id',
      token: () => resign({ oid: 'o'.repeat(257) }),
    },
    {
      name: 'user ID claim with a lone surrogate',
      reason: 'invalid_claim',
      token: () => resign({ oid: 'ab\ud800cd' }),
    },
    {
      name: 'user ID claim too long once encoded for Table keys',
      reason: 'invalid_claim',
      token: () => resign({ oid: '%'.repeat(250) }),
    },
  ];
}
