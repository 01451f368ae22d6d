import { generateKeyPairSync, type KeyObject, sign as rsaSign } from 'node:crypto';
import fc from 'fast-check';
import { decodeJwt, importJWK, type JWK, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../../dev/authority';
import { DEMO_TENANT, demoUser } from '../../../dev/demoTenant';
import { createDevCa, issueServerCert } from '../../../dev/tls';
import { fastJwtVerify } from '../../../src/lib/entra/fastJwtVerify';
import { translateJoseError } from '../../../src/lib/entra/translateJoseError';
import { BridgeError } from '../../../src/lib/errors';
import { peekHeader } from '../../../src/lib/entra/inspectToken';
import { fuzzSeed } from '../../support/fuzzArbitraries';
import { caseTitle, hostileTokens, startTrap } from '../../support/hostileTokens';

// The verifier checks RS256 signatures with node:crypto where jose would use WebCrypto
// (`fastJwtVerify`). These properties hold that path to `jose.jwtVerify` itself: whatever
// the fast path accepts, jose accepts with the same payload — over tampered and re-signed
// tokens, other keys and algorithms, malformed and non-canonical encodings, duplicate
// members, and every hostile token of the security suites — and it does accept the good
// ones, so the warm path is really taken.

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64url');
const NOW = 1_800_000_000;
const ISSUERS = ['https://login.example.com/tid/v2.0', 'https://sts.windows.net/tid/'];
const AUDIENCES = ['api://bridge', '6e74172b-be56-4843-9ff4-e66a39bb12e3'];
const OPTIONS: JWTVerifyOptions = {
  algorithms: ['RS256'],
  issuer: ISSUERS,
  audience: AUDIENCES,
  clockTolerance: 300,
  requiredClaims: ['exp', 'iat'],
  currentDate: new Date(NOW * 1000),
};

/** An answer: the payload, the reason of a refusal (as the verifier words it), or none. */
type Answer = { payload: JWTPayload } | { refused: string } | undefined;
const reasonOf = (err: unknown) => {
  try {
    return translateJoseError(err);
  } catch (translated) {
    return translated instanceof BridgeError
      ? `${translated.code}: ${translated.message}`
      : String(translated);
  }
};
const byJose = (token: string, key: Parameters<typeof jwtVerify>[1], options = OPTIONS): Promise<Answer> =>
  jwtVerify(token, key, options).then(
    (r) => ({ payload: r.payload }),
    (err: unknown) => ({ refused: reasonOf(err) }),
  );
/** The fast path's answer; undefined when it leaves the token to jose. */
const byFast = (token: string, key: unknown, options = OPTIONS): Answer => {
  const header = peekHeader(token);
  try {
    const payload = header ? fastJwtVerify(token, header, key, options) : undefined;
    return payload && { payload };
  } catch (err) {
    return { refused: reasonOf(err) };
  }
};
const undecided = (token: string) =>
  'crit' in (peekHeader(token) ?? { crit: 1 }) || !/^[\w-]*$/.test(token.slice(token.lastIndexOf('.') + 1));
const accepted = (answer: Answer) => answer !== undefined && 'payload' in answer;

type Signer = KeyObject;
const tenantKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const shortKey = generateKeyPairSync('rsa', { modulusLength: 1024 });
/** Public keys imported by jose, as its key sets import them. */
const imported = (pair: { publicKey: KeyObject }) =>
  importJWK(
    { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), alg: 'RS256' },
    'RS256',
  ) as Promise<CryptoKey>;
let key: CryptoKey;
let shortPublic: CryptoKey;

/** A compact JWS over raw header and payload text, signed RS256 (whatever the header says). */
const signText = (header: string, payload: string, signer: Signer = tenantKey.privateKey) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), signer).toString('base64url')}`;
};

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly a good value, sometimes a bad one, sometimes absent (JSON.stringify drops undefined). */
const mostly = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: good },
    { weight: 1, arbitrary: bad },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const anyTime = fc.oneof(
  fc.integer({ min: NOW - 4000, max: NOW + 4000 }),
  fc.constantFrom<unknown>('1800000000', null, true, 1.5e300, -0),
);
const past = fc.integer({ min: NOW - 4000, max: NOW });
const claimSets = fc.record({
  iss: mostly(fc.constantFrom(...ISSUERS), fc.constantFrom<unknown>('https://evil/', 5, ISSUERS)),
  aud: mostly(
    fc.oneof(fc.constantFrom(...AUDIENCES), fc.constant(['x', AUDIENCES[1]])),
    fc.constantFrom<unknown>('api://other', [], [5], { a: 1 }),
  ),
  exp: mostly(fc.integer({ min: NOW - 200, max: NOW + 4000 }), anyTime),
  nbf: mostly(past, anyTime),
  iat: mostly(past, anyTime),
  tid: fc.option(fc.string(), { nil: undefined }),
  groups: fc.option(fc.array(fc.string(), { maxLength: 5 }), { nil: undefined }),
  extra: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
});
const headers = fc.record(
  {
    alg: fc.oneof(
      { weight: 6, arbitrary: fc.constant<unknown>('RS256') },
      fc.constantFrom<unknown>('RS512', 'PS256', 'HS256', 'none', 'rs256', ['RS256'], undefined),
    ),
    kid: optional(fc.string({ maxLength: 8 })),
    typ: optional(fc.constantFrom('JWT', 'at+jwt')),
    crit: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      fc.constantFrom<unknown>(['b64'], ['exp'], []),
    ),
    b64: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, fc.boolean()),
  },
  { requiredKeys: ['alg'] },
);
/** Ways of writing the JSON text: as is, with a duplicate member, a byte order mark, not an object. */
const textForms = fc.constantFrom('plain', 'duplicate', 'bom', 'array', 'garbage');
const writeJson = (value: object, form: string) => {
  const text = JSON.stringify(value);
  if (form === 'duplicate') return `{"iss":"${ISSUERS[0]}",${text.slice(1)}`;
  if (form === 'bom') return `\ufeff${text}`;
  if (form === 'array') return `[${text}]`;
  if (form === 'garbage') return text.slice(0, -1);
  return text;
};
const INTRUDERS = ['+', '/', '=', ' ', '.', '\n', 'é', '%'];
/** One change to the compact serialization, or none. */
const mutations = fc.oneof(
  { weight: 4, arbitrary: fc.constant((t: string) => t) },
  fc.nat().map((at) => (t: string) => {
    const i = at % t.length;
    return `${t.slice(0, i)}${t[i] === 'A' ? 'B' : 'A'}${t.slice(i + 1)}`;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...INTRUDERS)).map(([at, c]) => (t: string) => {
    const i = at % (t.length + 1);
    return `${t.slice(0, i)}${c}${t.slice(i)}`;
  }),
  fc.constantFrom(
    (t: string) => t.slice(0, -1),
    (t: string) => `${t}A`,
    (t: string) => `${t}.`,
    (t: string) => t.slice(0, t.lastIndexOf('.') + 1),
    // Non-canonical: the unused low bits of the signature's last character set.
    (t: string) => `${t.slice(0, -1)}${t.at(-1) === 'Q' ? 'R' : t.at(-1) === 'w' ? 'x' : t.at(-1)}`,
  ),
);
const tokens = fc
  .record({
    header: headers,
    headerForm: fc.oneof({ weight: 6, arbitrary: fc.constant('plain') }, textForms),
    claims: claimSets,
    payloadForm: fc.oneof({ weight: 6, arbitrary: fc.constant('plain') }, textForms),
    signer: fc.constantFrom('tenant', 'tenant', 'tenant', 'attacker'),
    mutate: mutations,
  })
  .map((c) =>
    c.mutate(
      signText(
        writeJson(c.header, c.headerForm),
        writeJson(c.claims, c.payloadForm),
        c.signer === 'tenant' ? tenantKey.privateKey : attackerKey.privateKey,
      ),
    ),
  );

beforeAll(async () => {
  key = await imported(tenantKey);
  shortPublic = await imported(shortKey);
});

describe('fastJwtVerify against jose.jwtVerify', () => {
  it("gives jose's answer whenever it answers: the same payload, or the same refusal", async () => {
    const seen = { fastAccepted: 0, fastRefused: 0, leftToJose: 0 };
    await fc.assert(
      fc.asyncProperty(tokens, async (token) => {
        const fast = byFast(token, key);
        const jose = await byJose(token, key);
        if (fast !== undefined) expect(fast).toEqual(jose);
        // Left to jose only when jose refuses, or for what the fast path leaves to it: a header
        // our stricter parser refuses (a byte order mark, a repeated member — the verifier
        // refuses those itself), `crit`, a signature that is not plain base64url.
        else if (accepted(jose)) expect(undecided(token)).toBe(true);
        if (fast === undefined) seen.leftToJose += 1;
        else seen[accepted(fast) ? 'fastAccepted' : 'fastRefused'] += 1;
      }),
      { seed: fuzzSeed(7515), numRuns: 1500 },
    );
    // Each kind of answer came up often enough for the property to say something.
    expect(seen.fastAccepted).toBeGreaterThan(100);
    expect(seen.fastRefused).toBeGreaterThan(100);
    expect(seen.leftToJose).toBeGreaterThan(300);
  });

  it('answers every well-formed token itself, as jose does (the warm path is taken)', async () => {
    const wellFormed = claimSets.map((claims) =>
      signText('{"alg":"RS256","kid":"k1","typ":"JWT"}', JSON.stringify(claims)),
    );
    let acceptedCount = 0;
    await fc.assert(
      fc.asyncProperty(wellFormed, async (token) => {
        const jose = await byJose(token, key);
        expect(byFast(token, key)).toEqual(jose);
        if (accepted(jose)) acceptedCount += 1;
      }),
      { seed: fuzzSeed(7515), numRuns: 500 },
    );
    expect(acceptedCount).toBeGreaterThan(100);
  });

  it('leaves keys and options it does not decide to jose', async () => {
    const good = signText(
      '{"alg":"RS256","kid":"k1"}',
      JSON.stringify({ iss: ISSUERS[0], aud: AUDIENCES[0], exp: NOW + 60, iat: NOW }),
    );
    expect(accepted(byFast(good, key))).toBe(true);
    // jose refuses RSA keys under 2048 bits.
    const input = good.slice(0, good.lastIndexOf('.'));
    const short = `${input}.${rsaSign('sha256', Buffer.from(input), shortKey.privateKey).toString('base64url')}`;
    expect(byFast(short, shortPublic)).toBeUndefined();
    expect(accepted(await byJose(short, shortPublic))).toBe(false);
    // Not a CryptoKey jose resolved, another algorithm allowed, a typ to check: jose's to decide.
    expect(byFast(good, tenantKey.publicKey)).toBeUndefined();
    expect(byFast(good, key, { ...OPTIONS, algorithms: ['PS256'] })).toBeUndefined();
    expect(byFast(good, key, { ...OPTIONS, typ: 'JWT' })).toBeUndefined();
    // The clock is jose's: the same token, later, is refused by both, for the same reason.
    const later = { ...OPTIONS, currentDate: new Date((NOW + 3600) * 1000) };
    expect(byFast(good, key, later)).toEqual({ refused: expect.stringMatching(/^token_expired/) });
    expect(await byJose(good, key, later)).toEqual(byFast(good, key, later));
  });
});

describe('fastJwtVerify on the hostile tokens of the security suites', () => {
  let authority: LocalAuthority;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let keys: Map<string, CryptoKey>;
  let options: JWTVerifyOptions;

  beforeAll(async () => {
    trap = await startTrap();
    authority = await startAuthority({
      tls: await issueServerCert(await createDevCa()),
      tenants: [structuredClone(DEMO_TENANT)],
    });
    keys = new Map();
    for (const jwk of authority.publicJwks(DEMO_TENANT.tenantId).keys as JWK[]) {
      keys.set(String(jwk.kid), (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey);
    }
    const issuer = async (version: 1 | 2) =>
      String(decodeJwt(await authority.userToken({ user: demoUser('bob'), version })).iss);
    options = {
      algorithms: ['RS256'],
      issuer: [await issuer(2), await issuer(1)],
      audience: [DEMO_TENANT.apiAppId, DEMO_TENANT.apiAppIdUri],
      clockTolerance: 300,
      requiredClaims: ['exp', 'iat'],
    };
  });
  afterAll(async () => {
    await authority?.close();
    await trap?.close();
  });

  const cases = hostileTokens(
    () => authority,
    () => trap.url,
  );

  it.each(cases.map((c) => [caseTitle(c), c] as const))('%s: answered as jose answers it', async (_n, c) => {
    const token = await c.token();
    const kid = peekHeader(token)?.kid;
    // The tenant's key the kid names, else any of them (what a confused lookup might hand over).
    const candidates = typeof kid === 'string' && keys.has(kid) ? [keys.get(kid)] : [...keys.values()];
    for (const candidate of candidates) {
      const fast = byFast(token, candidate, options);
      if (fast !== undefined) expect(await byJose(token, candidate as CryptoKey, options)).toEqual(fast);
    }
    expect(trap.hits()).toBe(0);
  });
});
