import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError } from '../errors';

const SUPPORTED_ALGS = new Set(['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA']);

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly publicJwk: JWK;
}

export interface SigningKeys {
  /** The newest key: it signs every new platform token. */
  readonly current: SigningKey;
  /** Current and previous keys, published so tokens signed before a rotation still verify. */
  readonly all: readonly SigningKey[];
  /** True when no keys were configured and a throw-away key was generated. */
  readonly generated: boolean;
}

/**
 * Platform token signing keys from `BRIDGE_SIGNING_KEYS`: a private JWK set, newest first
 * (in Azure a Key Vault reference). Rotation = put a new key first and keep the previous
 * one until every token it signed has expired. Without the setting (local use only) an
 * ES256 key is generated per process.
 */
export async function loadSigningKeys(raw: string | undefined): Promise<SigningKeys> {
  if (raw === undefined) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const key = await toSigningKey({ ...(await exportJWK(privateKey)), alg: 'ES256' });
    return { current: key, all: [key], generated: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError([
      'BRIDGE_SIGNING_KEYS: expected a JSON Web Key Set ({"keys":[…]}) of private keys',
    ]);
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigError(['BRIDGE_SIGNING_KEYS: expected a JSON Web Key Set with at least one private key']);
  }
  const loaded: SigningKey[] = [];
  for (const [index, jwk] of keys.entries()) {
    try {
      loaded.push(await toSigningKey(jwk as JWK));
    } catch (err) {
      throw new ConfigError([`BRIDGE_SIGNING_KEYS: key ${index}: ${(err as Error).message}`]);
    }
  }
  const [current] = loaded;
  if (!current) throw new ConfigError(['BRIDGE_SIGNING_KEYS: no usable key']);
  return { current, all: loaded, generated: false };
}

/**
 * A private signing JWK with its creation time: `iat` (seconds since the epoch, as in a
 * JWT), an extra member RFC 7517 §4 lets a key carry. Key rotation reads it to know when a
 * retired key may go; it is never published.
 */
export type DatedJwk = JWK & { iat?: number };

/** A fresh private JWK set for `BRIDGE_SIGNING_KEYS` (`entra-bridge keys generate`, the local stack). */
export async function generateSigningKeySet(
  alg = 'ES256',
  now: () => number = () => Math.floor(Date.now() / 1000),
): Promise<{ keys: DatedJwk[] }> {
  return { keys: [await generateSigningKey(alg, now())] };
}

/** One new private signing key, its `kid` the RFC 7638 thumbprint, created at `iat`. */
export async function generateSigningKey(alg: string, iat: number): Promise<DatedJwk> {
  if (!SUPPORTED_ALGS.has(alg))
    throw new ConfigError([`alg must be one of ${[...SUPPORTED_ALGS].join(', ')}`]);
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk), iat };
}

async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  const alg = jwk.alg;
  if (typeof alg !== 'string' || !SUPPORTED_ALGS.has(alg)) {
    throw new Error(`"alg" must be one of ${[...SUPPORTED_ALGS].join(', ')}`);
  }
  if (typeof jwk.d !== 'string') throw new Error('it is not a private key (no "d")');
  const {
    d: _d,
    p: _p,
    q: _q,
    dp: _dp,
    dq: _dq,
    qi: _qi,
    oth: _oth,
    k: _k,
    key_ops: _ops,
    ext: _ext,
    iat: _iat,
    ...publicPart
  } = jwk as DatedJwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = await importJWK(jwk, alg);
  return { kid, alg, privateKey, publicJwk: { ...publicPart, kid, alg, use: 'sig' } };
}
