import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, readBodyText } from '../../src/http/readRequest';
import { loadConfig } from '../../src/lib/config/loadConfig';
import { inspectToken } from '../../src/lib/entra/inspectToken';
import { createEntraTokenVerifier, type EntraTokenVerifier } from '../../src/lib/entra/verifyEntraToken';
import {
  BridgeError,
  InvalidRequestError,
  InvalidTargetError,
  TokenRejectedError,
} from '../../src/lib/errors';
import { parseExchangeRequest, TOKEN_TYPE } from '../../src/lib/exchange/exchangeRequest';
import { isStorableKey } from '../../src/lib/storage/tableKeys';
import { hasDuplicateMember } from '../../src/lib/util/hasDuplicateMember';
import {
  applyAll,
  authorizationValue,
  claimObject,
  exchangeBody,
  fuzzSeed,
  headerObject,
  hostileText,
  mutations,
  oneClaimChange,
  randomJws,
} from '../support/fuzzArbitraries';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const API = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const CLIENT = '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b';
const AUTHORITY = 'https://login.fuzz.test';
const NOW = 1_800_000_000;
const KID = 'fuzz-key-1';

let signingKey: CryptoKey;
let genuine = '';
let verifier: EntraTokenVerifier;

/** Entra-shaped v2 delegated claims that pass every check. */
const validClaims = (): Record<string, unknown> => ({
  aud: API,
  iss: `${AUTHORITY}/${TENANT}/v2.0`,
  iat: NOW - 60,
  nbf: NOW - 60,
  exp: NOW + 3600,
  azp: CLIENT,
  oid: '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
  scp: 'access_as_user',
  sub: 'HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ',
  tid: TENANT,
  ver: '2.0',
  groups: ['Analysts'],
});

const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: KID, ...header }).sign(signingKey);

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  signingKey = privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig' };
  const config = loadConfig({
    OAUTH_ENABLED: 'true',
    OAUTH_TENANT_ID: TENANT,
    OAUTH_APPLICATION_ID: API,
    OAUTH_CLIENT_APPLICATION_IDS: CLIENT,
    OAUTH_AUTHORITY_HOST: AUTHORITY,
  });
  // The network, stubbed: discovery documents and the key set of the fuzz tenant.
  const stubFetch = async (input: string | URL) => {
    const url = String(input);
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/discovery/v2.0/keys')) return json({ keys: [jwk] });
    const jwksUri = `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`;
    if (url.endsWith('/v2.0/.well-known/openid-configuration'))
      return json({ issuer: `${AUTHORITY}/{tenantid}/v2.0`, jwks_uri: jwksUri });
    if (url.endsWith('/.well-known/openid-configuration'))
      return json({ issuer: `https://sts.windows.net/${TENANT}/`, jwks_uri: jwksUri });
    return new Response('not found', { status: 404 });
  };
  verifier = createEntraTokenVerifier(config, { fetch: stubFetch, now: () => NOW });
  genuine = await sign(validClaims());
});

/** Runs `fn` and returns what it threw, or undefined. */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    return err;
  }
}

/** The error must be one of ours: a bug would surface as a TypeError, RangeError, SyntaxError… */
function expectBridgeError(err: unknown, ...classes: (abstract new (...args: never[]) => BridgeError)[]) {
  if (err === undefined) return;
  if (!(err instanceof BridgeError)) throw err;
  if (classes.length > 0 && !classes.some((c) => err instanceof c)) throw err;
}

const tokenInputs = () =>
  fc.oneof(
    randomJws,
    mutations.map((moves) => applyAll(genuine, moves)),
    hostileText(200),
  );

describe('fuzz: token parser and verifier', () => {
  it('the genuine token verifies (the properties below start from a working verifier)', async () => {
    await expect(verifier.verify(genuine)).resolves.toMatchObject({ tenantId: TENANT, clientId: CLIENT });
  });

  it('inspectToken: random and mutated tokens are decoded or refused with TokenRejectedError', async () => {
    await fc.assert(
      fc.asyncProperty(tokenInputs(), async (token) => {
        const err = await thrown(() => inspectToken(token));
        expectBridgeError(err, TokenRejectedError);
        if (err === undefined) {
          const { header, payload } = inspectToken(token);
          expect(typeof header).toBe('object');
          expect(Array.isArray(payload)).toBe(false);
        }
      }),
      { numRuns: 3000, seed: fuzzSeed(0x5eed01) },
    );
  });

  it('verify: random and mutated tokens never verify unless they are the genuine signed bytes', async () => {
    await fc.assert(
      fc.asyncProperty(tokenInputs(), async (token) => {
        const err = await thrown(() => verifier.verify(token));
        expectBridgeError(err, TokenRejectedError);
        if (err === undefined) {
          // Only a mutation that undid itself (e.g. swapping a segment with itself) can pass.
          expect(token.split('.').slice(0, 2)).toEqual(genuine.split('.').slice(0, 2));
        }
      }),
      { numRuns: 400, seed: fuzzSeed(0x5eed02) },
    );
  });

  it('verify: correctly signed tokens with random headers and claims are accepted only when sound', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant({}), headerObject),
        fc.oneof(oneClaimChange, claimObject),
        fc.boolean(),
        async (header, change, merge) => {
          const claims = merge ? { ...validClaims(), ...change } : change;
          let token: string;
          try {
            token = await sign(claims, header);
          } catch {
            return; // jose refuses to sign that header (e.g. a non-string alg): not an input we can send
          }
          const err = await thrown(() => verifier.verify(token));
          expectBridgeError(err, TokenRejectedError);
          if (err === undefined) {
            const verified = await verifier.verify(token);
            expect(verified.tenantId).toBe(TENANT);
            expect(verified.clientId).toBe(CLIENT);
            expect(isStorableKey(verified.subjectId)).toBe(true);
            expect(verified.expiresAt).toBeGreaterThan(NOW - 300);
            accepted += 1;
          }
        },
      ),
      { numRuns: 300, seed: fuzzSeed(0x5eed03) },
    );
    // Some random changes are harmless: the deep checks after the signature were reached.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('fuzz: request parsers', () => {
  it('parseExchangeRequest: any content type and body is parsed or refused with a 400 error of ours', () => {
    fc.assert(
      fc.property(
        exchangeBody(fc.oneof(fc.constant('header.payload.sig'), randomJws)),
        ({ contentType, body }) => {
          let parsed: ReturnType<typeof parseExchangeRequest> | undefined;
          try {
            parsed = parseExchangeRequest(contentType, body, 'platform');
          } catch (err) {
            expectBridgeError(err, InvalidRequestError, InvalidTargetError);
            return;
          }
          expect(parsed.subjectToken).not.toBe('');
          expect([TOKEN_TYPE.accessToken, TOKEN_TYPE.jwt]).toContain(parsed.subjectTokenType);
        },
      ),
      { numRuns: 3000, seed: fuzzSeed(0x5eed04) },
    );
  });

  it('bearerToken: any Authorization header yields a b64token or a 400/401 error of ours', () => {
    fc.assert(
      fc.property(authorizationValue(fc.oneof(randomJws, fc.constant(genuine))), (authorization) => {
        const request = new HttpRequest({
          url: 'http://127.0.0.1/api/me',
          method: 'GET',
          headers: authorization === '' ? {} : { authorization },
        });
        let token: string | undefined;
        try {
          token = bearerToken(request);
        } catch (err) {
          expectBridgeError(err);
          expect(['missing_token', 'malformed_authorization']).toContain((err as BridgeError).code);
          return;
        }
        expect(token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
        expect(authorization.toLowerCase().startsWith('bearer')).toBe(true);
        expect(authorization).toContain(token);
      }),
      { numRuns: 1500, seed: fuzzSeed(0x5eed05) },
    );
  });

  it('readBodyText: any bytes are UTF-8 text within the limit or refused with InvalidRequestError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: 300 }),
        async (bytes, limit) => {
          const request = new HttpRequest({
            url: 'http://127.0.0.1/api/token',
            method: 'POST',
            body: { bytes },
          });
          const err = await thrown(() => readBodyText(request, limit));
          expectBridgeError(err, InvalidRequestError);
          if (err === undefined) expect(bytes.length).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 500, seed: fuzzSeed(0x5eed06) },
    );
  });
});

/**
 * Reference for {@link hasDuplicateMember}: a plain recursive-descent JSON parser that records,
 * for every object, whether a member name (after unescaping) appears twice.
 */
function referenceHasDuplicate(text: string): boolean {
  let i = 0;
  let duplicate = false;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = string();
        if (seen.has(key)) duplicate = true;
        seen.add(key);
        ws();
        i++; // colon
        value();
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i] ?? '')) i++; // number, true, false, null
  };
  value();
  return duplicate;
}

/** JSON text whose objects may repeat member names, some of them spelled with escapes. */
const jsonWithDuplicates: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('"a"', '"b"', '"\\u0061"', '"a\\"b"', '"\\\\"', '"tid"', '"t\\u0069d"', '""'),
            fc.string({ maxLength: 3 }).map((k) => JSON.stringify(k)),
          ),
          tie('value'),
        ),
        { maxLength: 5 },
      )
      .map((members) => `{ ${members.map(([k, v]) => `${k} :${v}`).join(' , ')} }`),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  ),
})).value;

describe('fuzz: duplicate member detection', () => {
  it('hasDuplicateMember agrees with a reference parser on JSON with and without repeated names', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.oneof(jsonWithDuplicates, fc.json({ maxDepth: 4 })), (text) => {
        JSON.parse(text); // the inputs are valid JSON, as they are where the function is used
        const duplicate = hasDuplicateMember(text);
        expect(duplicate).toBe(referenceHasDuplicate(text));
        if (duplicate) found += 1;
      }),
      { numRuns: 3000, seed: fuzzSeed(0x5eed07) },
    );
    // Not vacuous: it did find repeated names, not only agree that there were none.
    expect(found).toBeGreaterThan(20);
  });
});
