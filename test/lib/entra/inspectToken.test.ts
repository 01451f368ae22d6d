import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectToken } from '../../../src/lib/entra/inspectToken';
import { TokenRejectedError } from '../../../src/lib/errors';
import { fuzzSeed } from '../../support/fuzzArbitraries';

// inspectToken proves the base64url alphabet of header and payload while decoding them
// (a skipped character shortens Node's output) instead of scanning the token with a regex.
// These properties hold that shortcut to the regex it replaced.

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = b64({ typ: 'JWT', alg: 'RS256', kid: 'k1' });
const SIGNATURE = 'c2lnbmF0dXJl';
/** Characters Node's base64url decoder takes or skips although they are not base64url. */
const INTRUDERS = [
  '+',
  '/',
  '=',
  ' ',
  '\t',
  '\n',
  '\r',
  '!',
  '.',
  '%',
  '\u00a0',
  'é',
  '€',
  '\u0000',
  '\ud800',
];

const malformed = (token: string) => {
  try {
    inspectToken(token);
  } catch (err) {
    return err instanceof TokenRejectedError && err.code === 'token_malformed';
  }
  return false;
};

const payloads = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 4 })),
  { minKeys: 1, maxKeys: 8 },
);
const intruded = (part: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: part.length }), fc.constantFrom(...INTRUDERS))
    .map(([at, c]) => `${part.slice(0, at)}${c}${part.slice(at)}`);

describe('inspectToken and the base64url alphabet', () => {
  it('decodes any canonical payload', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        expect(inspectToken(`${header}.${b64(payload)}.${SIGNATURE}`).payload).toEqual(payload);
      }),
      { seed: fuzzSeed(8725), numRuns: 300 },
    );
  });

  it('refuses a payload with any character outside the alphabet, wherever it stands', () => {
    fc.assert(
      fc.property(
        payloads.chain((p) => intruded(b64(p))),
        (part) => malformed(`${header}.${part}.${SIGNATURE}`),
      ),
      { seed: fuzzSeed(8725), numRuns: 1000 },
    );
  });

  it('refuses the standard alphabet (+ and / decode like - and _)', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), (payload, pick) => {
        const part = b64(payload);
        const spots = [...part].flatMap((c, i) => (c === '-' || c === '_' ? [i] : []));
        fc.pre(spots.length > 0);
        const at = spots[pick % spots.length] as number;
        const swapped = `${part.slice(0, at)}${part[at] === '-' ? '+' : '/'}${part.slice(at + 1)}`;
        return malformed(`${header}.${swapped}.${SIGNATURE}`);
      }),
      { seed: fuzzSeed(8725), numRuns: 300 },
    );
  });

  it('refuses such a character in the header and in the signature', () => {
    fc.assert(
      fc.property(intruded(header), (part) => malformed(`${part}.${b64({ a: 1 })}.${SIGNATURE}`)),
      { seed: fuzzSeed(8725), numRuns: 300 },
    );
    fc.assert(
      fc.property(intruded(SIGNATURE), (part) => malformed(`${header}.${b64({ a: 1 })}.${part}`)),
      { seed: fuzzSeed(8725), numRuns: 300 },
    );
  });
});
