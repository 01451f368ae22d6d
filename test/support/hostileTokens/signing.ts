import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ClassCases } from './hostileCase';
import { b64 } from './tokenForge';

/** A key pair the tenant never published: "its" signatures are an attacker's. */
const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * How the token is signed and which key it names: RFC 8725 §2.1 / §3.1 (the algorithm is
 * the verifier's choice, never the token's), §3.10 (the `kid` is attacker-controlled input),
 * and headers that would make the verifier fetch or trust a key the token brings along
 * (RFC 7515 §4.1.2–§4.1.6; `crit`, §4.1.11).
 */
export const signingCases: ClassCases = {
  algorithm: (f) => [
    {
      name: 'alg none',
      reason: 'unsupported_algorithm',
      token: () => f.unsigned({ typ: 'JWT', alg: 'none', kid: 'x' }),
    },
    {
      name: 'alg None (case)',
      reason: 'unsupported_algorithm',
      token: () => f.unsigned({ typ: 'JWT', alg: 'None', kid: 'x' }),
    },
    {
      name: 'HS256 with the public key as secret',
      reason: 'unsupported_algorithm',
      token: async () =>
        new SignJWT(await f.claims())
          .setProtectedHeader({
            alg: 'HS256',
            typ: 'JWT',
            kid: String((f.authority().publicJwks().keys[0] as { kid: string }).kid),
          })
          .sign(new TextEncoder().encode(f.publicPem())),
    },
    { name: 'ES256 claimed', reason: 'unsupported_algorithm', token: () => f.resign({}, { alg: 'ES256' }) },
    {
      name: 'alg rs256 (lower case)',
      reason: 'unsupported_algorithm',
      token: () => f.resign({}, { alg: 'rs256' }),
    },
    { name: 'alg RS512', reason: 'unsupported_algorithm', token: () => f.resign({}, { alg: 'RS512' }) },
    { name: 'alg PS256', reason: 'unsupported_algorithm', token: () => f.resign({}, { alg: 'PS256' }) },
    {
      name: 'alg as an array',
      reason: 'unsupported_algorithm',
      token: () => f.resign({}, { alg: ['RS256'] }),
    },
    { name: 'alg missing', reason: 'unsupported_algorithm', token: () => f.resign({}, { alg: undefined }) },
  ],
  'header injection': (f) => [
    {
      name: 'jku header pointing elsewhere',
      reason: 'forbidden_header',
      token: () => f.resign({}, { jku: `${f.trapUrl()}/keys` }),
    },
    {
      name: 'x5u header',
      reason: 'forbidden_header',
      token: () => f.resign({}, { x5u: `${f.trapUrl()}/cert.pem` }),
    },
    {
      name: 'embedded jwk header',
      reason: 'forbidden_header',
      token: () => f.resign({}, { jwk: f.authority().publicJwks().keys[0] }),
    },
    { name: 'x5c header', reason: 'forbidden_header', token: () => f.resign({}, { x5c: ['MIIB'] }) },
    { name: 'crit header', reason: 'forbidden_header', token: () => f.resign({}, { crit: ['exp'] }) },
  ],
  'key id': (f) => [
    {
      name: 'unknown kid',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' }),
    },
    {
      name: 'kid path traversal',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: '../../../../etc/passwd' }),
    },
    {
      name: 'kid SQL injection',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: "' OR '1'='1' --" }),
    },
    {
      name: 'kid very long (8 KB)',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: 'k'.repeat(8192) }),
    },
    {
      name: 'kid with CR/LF and NUL',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: 'a\r\nX-Evil: 1\u0000' }),
    },
    {
      name: 'kid URL',
      reason: 'unknown_key',
      token: () => f.resign({}, { kid: 'https://evil.example.com/keys' }),
    },
    { name: 'missing kid', reason: 'missing_kid', token: () => f.resign({}, { kid: undefined }) },
    { name: 'kid as a number', reason: 'missing_kid', token: () => f.resign({}, { kid: 1 }) },
    {
      name: 'kid as an object (NoSQL operator)',
      reason: 'missing_kid',
      token: () => f.resign({}, { kid: { $ne: null } }),
    },
    { name: 'kid as an array', reason: 'missing_kid', token: () => f.resign({}, { kid: ['a', 'b'] }) },
    { name: 'kid empty', reason: 'missing_kid', token: () => f.resign({}, { kid: '' }) },
  ],
  signature: (f) => [
    {
      name: 'tampered payload',
      reason: 'bad_signature',
      token: async () => {
        const [h, , s] = (await f.genuine()).split('.');
        const forged = {
          ...(await f.claims()),
          groups: ['PlatformAdminsGroup'],
          isPlatformAdmin: 'is_admin',
        };
        return `${h}.${b64(forged)}.${s}`;
      },
    },
    {
      name: 'tampered signature',
      reason: 'bad_signature',
      token: async () => {
        const token = await f.genuine();
        const last = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${last}${token.at(-1)}`;
      },
    },
    {
      name: 'signature stripped',
      reason: 'bad_signature',
      token: async () => `${(await f.genuine()).split('.').slice(0, 2).join('.')}.`,
    },
    {
      name: 'genuine kid, attacker key (key confusion)',
      reason: 'bad_signature',
      token: async () => {
        const [h, p] = (await f.genuine()).split('.');
        const signature = rsaSign('sha256', Buffer.from(`${h}.${p}`), attackerKey.privateKey);
        return `${h}.${p}.${signature.toString('base64url')}`;
      },
    },
  ],
};
