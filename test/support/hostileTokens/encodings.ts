import { CompactEncrypt, generateKeyPair } from 'jose';
import { DEMO_TENANT } from '../../../dev/demoTenant';
import type { ClassCases } from './hostileCase';
import { b64, nestedArrays, nestedObjects, OTHER_TENANT } from './tokenForge';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Tokens that are not one well-formed JWS: malformed and non-canonical encodings, and
 * JSON that parsers disagree on (duplicate members, RFC 7515 §5.2 and RFC 8725 §3.4;
 * `__proto__`); nested JWS and JWE (RFC 8725 §2.7, §3.11: a resource accepts one kind);
 * and sizes and nesting depths meant to exhaust a parser.
 */
export const encodingCases: ClassCases = {
  'malformed encoding': (f) => [
    { name: 'not a JWT', reason: 'token_malformed', token: async () => 'hello world' },
    { name: 'two segments', reason: 'token_malformed', token: async () => 'eyJhbGciOiJSUzI1NiJ9.eyJ9' },
    {
      name: 'four segments',
      reason: 'token_malformed',
      token: async () => `${await f.genuine()}.${b64('extra')}`,
    },
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
      name: 'duplicate claim names',
      reason: 'token_malformed',
      token: async () => {
        const [h, p] = (await f.genuine()).split('.');
        const json = Buffer.from(p ?? '', 'base64url')
          .toString()
          .replace(/^\{/, `{"tid":"${OTHER_TENANT}",`);
        return `${h}.${b64(json)}.sig`;
      },
    },
    {
      name: 'duplicate alg in the header',
      reason: 'token_malformed',
      token: async () => `${b64('{"alg":"none","alg":"RS256","kid":"x"}')}.${await f.afterHeader()}`,
    },
    {
      name: 'duplicate claim by escape (\\u0074id)',
      reason: 'token_malformed',
      token: async () =>
        f.rawPayload(`${JSON.stringify(await f.claims()).slice(0, -1)},"\\u0074id":"${OTHER_TENANT}"}`),
    },
    {
      name: '__proto__ carrying tid',
      reason: 'tenant_not_allowed',
      token: async () => {
        const { tid: _tid, ...rest } = await f.claims();
        return f.rawPayload(
          `${JSON.stringify(rest).slice(0, -1)},"__proto__":{"tid":"${DEMO_TENANT.tenantId}"}}`,
        );
      },
    },
    {
      name: 'header with a byte order mark',
      reason: 'token_malformed',
      token: async () => `${b64('\ufeff{"alg":"RS256","kid":"x"}')}.${await f.afterHeader()}`,
    },
    {
      name: 'header in UTF-16',
      reason: 'token_malformed',
      token: async () =>
        `${Buffer.from('{"alg":"RS256"}', 'utf16le').toString('base64url')}.${await f.afterHeader()}`,
    },
    {
      name: 'payload with invalid UTF-8',
      reason: 'token_malformed',
      token: async () =>
        `${await f.genuineHeader()}.${Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')}.${b64('s')}`,
    },
    {
      name: 'non-canonical base64url (trailing bits)',
      reason: 'token_malformed',
      token: async () => {
        const [h, p, s] = (await f.genuine()).split('.') as [string, string, string];
        // A last character whose unused low bits are set decodes to the same bytes.
        const last = p.at(-1) ?? 'A';
        const bits = p.length % 4 === 2 ? 4 : p.length % 4 === 3 ? 2 : 0;
        const tweaked =
          bits === 0 ? `${p}A` : `${p.slice(0, -1)}${BASE64URL[BASE64URL.indexOf(last) | ((1 << bits) - 1)]}`;
        return `${h}.${tweaked}.${s}`;
      },
    },
    {
      name: 'base64 padding',
      reason: 'token_malformed',
      token: async () => (await f.genuine()).replace('.', '=.'),
    },
    {
      name: 'standard base64 alphabet (+/)',
      reason: 'token_malformed',
      token: async () => `${await f.genuine()}+/`,
    },
  ],
  'nested or encrypted': (f) => [
    {
      name: 'JWE (encrypted, five parts)',
      reason: 'token_encrypted',
      token: async () => 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d',
    },
    {
      name: 'JWE (RSA-OAEP-256, A256GCM)',
      reason: 'token_encrypted',
      token: async () => {
        const { publicKey } = await generateKeyPair('RSA-OAEP-256');
        return new CompactEncrypt(new TextEncoder().encode(await f.genuine()))
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
      name: 'nested JWS (payload is a JWT, cty JWT)',
      reason: 'token_malformed',
      token: async () =>
        `${b64({ typ: 'JWT', cty: 'JWT', alg: 'RS256', kid: 'x' })}.${b64(await f.genuine())}.${b64('sig')}`,
    },
    {
      name: 'nested JWS signed by the trusted key (payload a JSON string)',
      reason: 'token_malformed',
      token: async () =>
        f.authority().sign((await f.genuine()) as unknown as Record<string, unknown>, {
          header: { cty: 'JWT' },
        }),
    },
  ],
  size: (f) => [
    {
      name: 'oversize token',
      reason: 'token_too_large',
      token: () => f.resign({ pad: 'x'.repeat(30_000) }),
    },
    {
      name: 'huge header',
      reason: 'token_too_large',
      token: () => f.resign({}, { pad: 'h'.repeat(25_000) }),
    },
    {
      name: 'deeply nested payload beyond the size limit',
      reason: 'token_too_large',
      token: () => f.rawClaim('x', nestedArrays(20_000)),
    },
    {
      name: 'deeply nested groups within the size limit',
      reason: 'invalid_claim',
      token: () => f.rawClaim('groups', nestedArrays(4000)),
    },
    {
      name: 'deeply nested unknown claim within the size limit, tampered',
      reason: 'bad_signature',
      token: async () => {
        const [h, , s] = (await f.genuine()).split('.');
        const json = `${JSON.stringify(await f.claims()).slice(0, -1)},"x":${nestedObjects(1500)}}`;
        return `${h}.${b64(json)}.${s}`;
      },
    },
    {
      name: 'payload just under the size limit, other tenant',
      reason: 'tenant_not_allowed',
      token: () => f.resign({ tid: OTHER_TENANT, pad: 'p'.repeat(12_000) }),
    },
    {
      name: '1500 groups of a foreign tenant',
      reason: 'tenant_not_allowed',
      token: () => f.resign({ tid: OTHER_TENANT, groups: Array.from({ length: 1500 }, (_, i) => `g${i}`) }),
    },
  ],
};
