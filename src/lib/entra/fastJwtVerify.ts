import { KeyObject, verify } from 'node:crypto';
import { type JWTPayload, type JWTVerifyOptions, UnsecuredJWT } from 'jose';

/** `{"alg":"none"}`, the header `UnsecuredJWT.decode` asks for. */
const NONE_HEADER = 'eyJhbGciOiJub25lIn0';

/** node:crypto form of each key jose resolved (`null`: one jose would not verify RS256 with). */
const nodeKeys = new WeakMap<CryptoKey, KeyObject | null>();

/**
 * The `KeyObject` of an RS256 verification key that jose imported, exported once per key.
 * Only keys jose itself would verify RS256 with (its `checkSigCryptoKey` and
 * `checkModulusLength`): RSASSA-PKCS1-v1_5 with SHA-256, usage `verify`, 2048 bits or more.
 */
function rs256KeyOf(key: unknown): KeyObject | undefined {
  if (!(key instanceof CryptoKey)) return undefined;
  let known = nodeKeys.get(key);
  if (known === undefined) {
    const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
    const usable =
      key.type === 'public' &&
      algorithm.name === 'RSASSA-PKCS1-v1_5' &&
      algorithm.hash?.name === 'SHA-256' &&
      algorithm.modulusLength >= 2048 &&
      key.usages.includes('verify');
    known = usable ? exported(key) : null;
    nodeKeys.set(key, known);
  }
  return known ?? undefined;
}

/** The key's `KeyObject`; `null` if Node cannot give one (then jose verifies with the CryptoKey). */
function exported(key: CryptoKey): KeyObject | null {
  try {
    return KeyObject.from(key);
  } catch {
    return null;
  }
}

/**
 * What `jose.jwtVerify(token, key, options)` would answer for an RS256 token whose header
 * is already decoded, with the signature checked by `node:crypto` in the calling thread
 * instead of WebCrypto's thread pool (a round trip that costs more than RSA verification
 * itself). jose still decides everything else: the claims (issuer, audience, lifetime,
 * required claims) through `UnsecuredJWT.decode` with the same options.
 *
 * Returns the payload when jose would accept the token; throws jose's own error when the
 * signature verifies but jose refuses the claims; returns `undefined` for everything else —
 * a signature that does not verify, and whatever this path does not decide (another
 * algorithm or key type, `crit`, a `typ` option, a signature that is not plain base64url):
 * then ask jose, whose error names the fault. test/lib/entra/fastJwtVerify.test.ts holds
 * all three answers to jose.
 *
 * `header` must be the token's header as decoded by a parser at least as strict as
 * jose's (`peekHeader`).
 */
export function fastJwtVerify(
  token: string,
  header: Readonly<Record<string, unknown>>,
  key: unknown,
  options: JWTVerifyOptions,
): JWTPayload | undefined {
  if (header.alg !== 'RS256' || 'crit' in header || options.typ !== undefined || options.crit)
    return undefined;
  if (!options.algorithms?.includes('RS256')) return undefined;
  const publicKey = rs256KeyOf(key);
  if (!publicKey) return undefined;
  const headerEnd = token.indexOf('.');
  const payloadEnd = token.indexOf('.', headerEnd + 1);
  if (headerEnd < 0 || payloadEnd < 0 || token.indexOf('.', payloadEnd + 1) >= 0) return undefined;
  const signature = base64urlBytes(token.slice(payloadEnd + 1));
  if (!signature) return undefined;
  let verified: boolean;
  try {
    // RFC 7515 §5.2: the signing input is the encoded header and payload as sent.
    verified = verify('sha256', Buffer.from(token.slice(0, payloadEnd)), publicKey, signature);
  } catch {
    return undefined;
  }
  if (!verified) return undefined;
  // jose's `jwtVerify` runs this same `validateClaimsSet` after the signature, with the same
  // options (the header only matters to the `typ` option, refused above); its error is the
  // one jose would throw.
  return UnsecuredJWT.decode(`${NONE_HEADER}.${token.slice(headerEnd + 1, payloadEnd)}.`, options).payload;
}

/**
 * Bytes of unpadded base64url text made of the alphabet alone, else `undefined`. Node's
 * decoder skips characters outside the alphabet (and so yields fewer than ⌊3n/4⌋ bytes)
 * and takes `+` and `/`; jose's decoder (`atob`) is laxer, so whatever passes here it
 * decodes to the same bytes.
 */
function base64urlBytes(part: string): Buffer | undefined {
  if (part.length % 4 === 1 || part.includes('+') || part.includes('/')) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.length === (part.length * 3) >> 2 ? bytes : undefined;
}
