import 'reflect-metadata';
import { createHash, KeyObject, randomBytes, sign as rsaSign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { b64url } from './httpHelpers';

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const RSA_KEY = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

/** One signing key as Entra publishes it: RSA 2048 with a self-signed certificate. */
export interface SigningKey {
  /** base64url SHA-1 thumbprint of the certificate DER, used both as `kid` and `x5t`. */
  kid: string;
  privateKey: KeyObject;
  /** Public JWK parameters and certificate chain, without `issuer` (which depends on the tenant). */
  jwk: { kty: 'RSA'; use: 'sig'; kid: string; x5t: string; n: string; e: string; x5c: string[] };
}

/** Creates a key the way Entra's keys look: a 2048-bit RSA key in a self-signed certificate. */
export async function createSigningKey(): Promise<SigningKey> {
  const keys = await crypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    // Entra's signing certificates are self-issued to this name.
    name: 'CN=accounts.accesscontrol.windows.net',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 86_400_000),
    signingAlgorithm: RSA_KEY,
    keys,
  });
  const der = Buffer.from(cert.rawData);
  const kid = b64url(createHash('sha1').update(der).digest());
  const { n, e } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  if (!n || !e) throw new Error('RSA public key export lacks n/e');
  return {
    kid,
    privateKey: KeyObject.from(keys.privateKey as unknown as webcrypto.CryptoKey),
    jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, x5c: [der.toString('base64')] },
  };
}

/** Compact JWS with RS256 (RFC 7515 §7.1, RFC 7518 §3.3); `header.alg` is not consulted. */
export function signCompact(key: SigningKey, header: Record<string, unknown>, payload: unknown): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = rsaSign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${b64url(signature)}`;
}

/**
 * The authority's keys: the published set (newest first, as Entra orders it after a rollover), the current
 * signer, and retired keys kept privately so hostile-token tests can still sign with them.
 */
export class KeyRing {
  private published: SigningKey[] = [];
  private retired = new Map<string, SigningKey>();
  private currentKid = '';

  /** Creates a ring with one live key. */
  static async create(): Promise<KeyRing> {
    const ring = new KeyRing();
    await ring.rotate();
    return ring;
  }

  /** The key that signs new tokens. */
  get current(): SigningKey {
    const key = this.published.find((k) => k.kid === this.currentKid) ?? this.published[0];
    if (!key) throw new Error('no live signing key: all keys were retired');
    return key;
  }

  /** A published or retired key by `kid`. */
  find(kid: string): SigningKey | undefined {
    return this.published.find((k) => k.kid === kid) ?? this.retired.get(kid);
  }

  /** Publishes a new key first in the set and makes it the signer; older keys stay published. */
  async rotate(): Promise<string> {
    const key = await createSigningKey();
    this.published.unshift(key);
    this.currentKid = key.kid;
    return key.kid;
  }

  /** Removes a key from the published set; the signer falls back to the newest remaining key. */
  retire(kid: string): void {
    const key = this.published.find((k) => k.kid === kid);
    if (!key) return;
    this.published = this.published.filter((k) => k.kid !== kid);
    this.retired.set(kid, key);
    if (this.currentKid === kid) this.currentKid = this.published[0]?.kid ?? '';
  }

  /** The JWK set as served, each key stamped with the issuer template Entra adds (`issuer`). */
  jwks(issuer: string, cloudInstanceName: string): { keys: object[] } {
    return {
      keys: this.published.map((k) => ({ ...k.jwk, cloud_instance_name: cloudInstanceName, issuer })),
    };
  }
}
