import { createPrivateKey, sign } from 'node:crypto';
import fc from 'fast-check';
import { createLocalJWKSet, decodeProtectedHeader, type JWK, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { createEs256Signer } from '../../../src/lib/platform/es256Signer';
import { createPlatformTokens, type PlatformTokens } from '../../../src/lib/platform/platformTokens';
import {
  generateSigningKeySet,
  loadSigningKeys,
  type SigningKeys,
} from '../../../src/lib/platform/signingKeys';
import { fuzzSeed } from '../../support/fuzzArbitraries';

// Platform tokens are signed with ES256 through node:crypto, not jose. These properties hold
// that signer to jose: the header and payload text are the ones jose's SignJWT writes for
// the same claims, and jose verifies every signature (64-byte R‖S, never DER).

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const config = loadConfig({
  OAUTH_ENABLED: 'true',
  OAUTH_TENANT_ID: TENANT,
  OAUTH_APPLICATION_ID: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  OAUTH_CLIENT_APPLICATION_IDS: '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b',
  BRIDGE_ISSUER: 'https://bridge.example.com/api',
});
const NOW = 1_800_000_000;

let keys: SigningKeys;
let privateJwk: JWK;
let tokens: PlatformTokens;
const localKeys = () => createLocalJWKSet(tokens.jwks as { keys: JWK[] });
const joseOptions = { issuer: config.bridge.issuer, audience: 'platform', currentDate: new Date(NOW * 1000) };

beforeAll(async () => {
  const set = await generateSigningKeySet('ES256');
  privateJwk = set.keys[0] as JWK;
  keys = await loadSigningKeys(JSON.stringify(set));
  tokens = createPlatformTokens(config, keys, () => NOW);
});

const names = fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), { maxLength: 12 });
const requests = fc.record({
  subject: fc.string({ minLength: 1, maxLength: 64 }),
  clientId: fc.uuid(),
  tenantId: fc.uuid(),
  oid: fc.uuid(),
  groups: names,
  roles: names,
  admin: fc.boolean(),
  notAfter: fc.integer({ min: NOW + 60, max: NOW + 7200 }), // a platform token has at least 60 s to live
});

describe('platform tokens signed with node:crypto', () => {
  it('writes the header and payload jose writes, and jose verifies the signature', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const { token, claims } = await tokens.issue(request);
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const byJose = await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: 'ES256', kid: keys.current.kid, typ: 'at+jwt' })
          .sign(keys.current.privateKey);
        expect(`${header}.${payload}`).toBe(byJose.split('.').slice(0, 2).join('.'));
        expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
        const verified = await jwtVerify(token, localKeys(), { ...joseOptions, typ: 'at+jwt' });
        expect(verified.payload).toEqual({ ...claims });
        expect(verified.protectedHeader).toEqual({ alg: 'ES256', kid: keys.current.kid, typ: 'at+jwt' });
        expect(await tokens.verify(token)).toEqual({ ...claims });
      }),
      { seed: fuzzSeed(7518), numRuns: 200 },
    );
  });

  it('makes signatures jose refuses once a bit changes or they are DER-encoded', async () => {
    const { token } = await tokens.issue({
      subject: 'bob',
      clientId: 'c',
      tenantId: TENANT,
      oid: 'o',
      groups: ['Analysts'],
      roles: [],
      admin: false,
      notAfter: NOW + 600,
    });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    const der = sign(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      createPrivateKey({ key: privateJwk as never, format: 'jwk' }),
    );
    for (const bad of [flipped, der]) {
      const forged = `${header}.${payload}.${bad.toString('base64url')}`;
      await expect(jwtVerify(forged, localKeys(), joseOptions)).rejects.toMatchObject({
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      });
      await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'invalid_platform_token' });
    }
  });

  it('tells an expired platform token from an invalid one, keeping jose’s error as the cause', async () => {
    const { token } = await tokens.issue({
      subject: 'u',
      clientId: 'c',
      tenantId: TENANT,
      oid: 'o',
      groups: [],
      roles: [],
      admin: false,
      notAfter: NOW + 3600,
    });
    const later = createPlatformTokens(config, keys, () => NOW + 7200);
    const expired = await later.verify(token).catch((err: Error) => err);
    expect(expired).toMatchObject({ code: 'token_expired', cause: { code: 'ERR_JWT_EXPIRED' } });
    const foreign = createPlatformTokens(
      { ...config, bridge: { ...config.bridge, issuer: 'https://other' } },
      keys,
      () => NOW,
    );
    const invalid = await foreign.verify(token).catch((err: Error) => err);
    expect(invalid).toMatchObject({
      code: 'invalid_platform_token',
      cause: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
    });
  });

  it('refuses to sign a claim set jose would refuse (a time that is not finite)', () => {
    const signer = createEs256Signer(keys.current.privateKey, { alg: 'ES256', kid: 'k', typ: 'at+jwt' });
    expect(() => signer?.({ sub: 'x', exp: Number.NaN })).toThrow(TypeError);
  });

  it('leaves keys of other algorithms to jose', async () => {
    const rsa = await loadSigningKeys(JSON.stringify(await generateSigningKeySet('RS256')));
    expect(createEs256Signer(rsa.current.privateKey, { alg: 'RS256' })).toBeUndefined();
    const rsaTokens = createPlatformTokens(config, rsa, () => NOW);
    const { token } = await rsaTokens.issue({
      subject: 'bob',
      clientId: 'c',
      tenantId: TENANT,
      oid: 'o',
      groups: [],
      roles: [],
      admin: true,
      notAfter: NOW + 600,
    });
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    await expect(rsaTokens.verify(token)).resolves.toMatchObject({ sub: 'bob', admin: true });
  });
});
