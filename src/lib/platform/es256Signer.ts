import { KeyObject, sign } from 'node:crypto';

/** Signs a claim set into a compact JWS (RFC 7515 §7.1). */
export type JwsSigner = (claims: object) => string;

/**
 * An ES256 signer over `node:crypto` for a private key that jose imported: the same header
 * and payload text as jose's `SignJWT` (`JSON.stringify` of each, base64url without
 * padding), signed in the calling thread. WebCrypto's `subtle.sign` hands every signature
 * to the thread pool and back, which costs several times the signature itself.
 *
 * The signature is R‖S, 32 bytes each (RFC 7518 §3.4), which is what `ieee-p1363` gives;
 * Node's default (DER, RFC 3279) is not a valid JWS signature.
 *
 * Returns `undefined` for any key that is not a P-256 private key: jose signs those.
 * test/lib/platform/platformTokens.test.ts holds the output to jose's.
 */
export function createEs256Signer(
  privateKey: CryptoKey | Uint8Array,
  header: Readonly<Record<string, unknown>>,
): JwsSigner | undefined {
  if (header.alg !== 'ES256' || privateKey instanceof Uint8Array) return undefined;
  let key: KeyObject;
  try {
    key = KeyObject.from(privateKey);
  } catch {
    return undefined;
  }
  if (key.type !== 'private' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return undefined;
  const options = { key, dsaEncoding: 'ieee-p1363' } as const;
  const encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  return (claims) => {
    // jose refuses these before signing (a NaN clock would otherwise sign `"exp":null`).
    for (const name of ['iat', 'nbf', 'exp']) {
      const value = (claims as Record<string, unknown>)[name];
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new TypeError(`"${name}" claim must be a finite number`);
    }
    const signingInput = `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(signingInput, 'latin1'), options);
    return `${signingInput}.${signature.toString('base64url')}`;
  };
}
