import fc from 'fast-check';
import { KNOWN_PARAMETERS } from '../../src/lib/exchange/exchangeRequest';

/**
 * fast-check arbitraries for the fuzz suites: random and mutated compact JWS strings,
 * request bodies and header values. Mutations start from a genuine token so that the
 * inputs get past the first checks and exercise the deeper ones.
 */

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Seeds are fixed so a run is reproducible; FUZZ_SEED overrides them all (fast-check prints the failing seed and path). */
export function fuzzSeed(fixed: number): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) ? fromEnv : fixed;
}

/** Text a hostile client could put in a token segment, JSON member or header: ASCII, Unicode, lone surrogates. */
export const hostileText = (maxLength = 64) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom(...'.-_=+/ \t%"\\{}[]:,eyJ0'), maxLength }),
  );

/** A JSON value where claims are expected: from fc.json() (any shape), or objects with the claim names we read. */
const CLAIM_NAMES = [
  'aud',
  'iss',
  'tid',
  'ver',
  'azp',
  'appid',
  'oid',
  'sub',
  'scp',
  'roles',
  'groups',
  'idtyp',
  'exp',
  'nbf',
  'iat',
  'email',
  'upn',
  'wids',
  'amr',
  '__proto__',
  'constructor',
  'toString',
] as const;
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Claim values: any JSON, or strings with lone surrogates, control and Table-key characters. */
const claimValue = fc.oneof(
  jsonValue,
  hostileText(),
  fc.string({ unit: fc.constantFrom('%', '/', '#', '\ud800', 'a'), maxLength: 300 }),
);
export const claimObject = fc.dictionary(fc.constantFrom(...CLAIM_NAMES), claimValue, { maxKeys: 12 });
/** Exactly one claim set to a random value: most such tokens get past every check but one. */
export const oneClaimChange = fc
  .tuple(fc.constantFrom(...CLAIM_NAMES), claimValue)
  .map(([name, value]) => ({ [name]: value }) as Record<string, unknown>);
const HEADER_NAMES = [
  'alg',
  'kid',
  'typ',
  'cty',
  'jku',
  'x5u',
  'jwk',
  'x5c',
  'crit',
  'nonce',
  'b64',
  'enc',
  'zip',
] as const;
export const headerObject = fc.dictionary(fc.constantFrom(...HEADER_NAMES), jsonValue, { maxKeys: 6 });

/** A compact JWS whose header and payload are random JSON (objects or not) or random text. */
export const randomJws = fc
  .tuple(
    fc.oneof(
      headerObject.map((h) => JSON.stringify(h)),
      fc.json({ maxDepth: 2 }),
      hostileText(),
    ),
    fc.oneof(
      claimObject.map((p) => JSON.stringify(p)),
      fc.object({ maxDepth: 2 }).map((p) => JSON.stringify(p)),
      fc.json({ maxDepth: 3 }),
      hostileText(),
    ),
    fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 342 })),
  )
  .map(([header, payload, signature]) => `${b64(header)}.${b64(payload)}.${signature}`);

/** One mutation of a token string: the classic fuzzing moves plus JWS-aware ones. */
export type Mutation = (token: string) => string;

const flipBit =
  (index: number, bit: number): Mutation =>
  (token) => {
    if (token.length === 0) return token;
    const i = index % token.length;
    return token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
  };
const replaceChar =
  (index: number, char: string): Mutation =>
  (token) => {
    const i = index % Math.max(token.length, 1);
    return token.slice(0, i) + char + token.slice(i + 1);
  };
const insert =
  (index: number, text: string): Mutation =>
  (token) => {
    const i = index % (token.length + 1);
    return token.slice(0, i) + text + token.slice(i);
  };
const truncate =
  (index: number): Mutation =>
  (token) =>
    token.slice(0, index % (token.length + 1));
const swapSegments =
  (a: number, b: number): Mutation =>
  (token) => {
    const parts = token.split('.');
    const i = a % parts.length;
    const j = b % parts.length;
    [parts[i], parts[j]] = [parts[j] ?? '', parts[i] ?? ''];
    return parts.join('.');
  };
const replaceSegment =
  (index: number, text: string): Mutation =>
  (token) => {
    const parts = token.split('.');
    parts[index % parts.length] = text;
    return parts.join('.');
  };
/** Re-encodes the decoded payload with one member changed: still base64url JSON, different claims. */
const editPayload =
  (name: string, value: unknown): Mutation =>
  (token) => {
    const parts = token.split('.');
    try {
      const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      payload[name] = value;
      parts[1] = b64(JSON.stringify(payload));
    } catch {
      parts[1] = b64(JSON.stringify({ [name]: value }));
    }
    return parts.join('.');
  };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([i, b]) => flipBit(i, b)),
  fc
    .tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }))
    .map(([i, c]) => replaceChar(i, c)),
  fc
    .tuple(fc.nat(), fc.constantFrom('.', '=', '+', '/', ' ', '\u0000', '..', 'A', '%2E'))
    .map(([i, c]) => insert(i, c)),
  fc.nat().map(truncate),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => swapSegments(a, b)),
  fc.tuple(fc.nat(), fc.oneof(hostileText(), fc.json().map(b64))).map(([i, t]) => replaceSegment(i, t)),
  fc.tuple(fc.constantFrom(...CLAIM_NAMES), jsonValue).map(([n, v]) => editPayload(n, v)),
);

/** 1–4 mutations applied in turn. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
export const applyAll = (token: string, moves: readonly Mutation[]) => moves.reduce((t, m) => m(t), token);

/** Bodies a `/token` client could send, well-formed or not. */
export const exchangeBody = (token: fc.Arbitrary<string>) => {
  const param = fc.constantFrom(...KNOWN_PARAMETERS, 'other', '__proto__');
  const value = fc.oneof(
    token,
    hostileText(),
    fc.constantFrom(
      'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:ietf:params:oauth:token-type:access_token',
      'urn:ietf:params:oauth:token-type:jwt',
      'platform',
    ),
  );
  const pairs = fc.array(fc.tuple(param, value), { maxLength: 8 });
  return fc.oneof(
    pairs.map((p) => ({
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(p).toString(),
    })),
    pairs.map((p) => ({
      contentType: 'application/json',
      // Built as text, so repeated member names reach the parser.
      body: `{${p.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
    })),
    fc.json({ maxDepth: 3 }).map((body) => ({ contentType: 'application/json', body })),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            'application/x-www-form-urlencoded',
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
            'multipart/form-data; boundary=x',
            '',
          ),
          fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/;=- +'), maxLength: 40 }),
        ),
        hostileText(200),
      )
      .map(([contentType, body]) => ({ contentType, body })),
  );
};

/** `Authorization` header values an HTTP client can send (visible Latin-1, space and tab). */
export const authorizationValue = (token: fc.Arbitrary<string>) => {
  const latin1 = fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength: 80,
  });
  return (
    fc
      .tuple(
        fc.constantFrom(
          'Bearer ',
          'bearer ',
          'BEARER  ',
          'Bearer\t',
          'Basic ',
          'Bearer',
          '',
          'Token ',
          'Bearer =',
          'Bearer , Bearer ',
        ),
        fc.oneof(token, latin1),
        fc.constantFrom('', ' ', '=', '==', ', Bearer x', '\t'),
      )
      .map(([scheme, credential, suffix]) => `${scheme}${credential}${suffix}`.trim())
      // HTTP clients send only RFC 9110 field values (HTAB, SP, VCHAR, obs-text): CR/LF
      // header injection cannot get past them, so such values are not generated.
      .filter((value) => !/[\u0000-\u0008\u000a-\u001f\u007f\u0100-\uffff]/.test(value))
  );
};
