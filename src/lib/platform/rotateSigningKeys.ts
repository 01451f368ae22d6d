import { ConfigError } from '../errors';
import { type DatedJwk, generateSigningKey, loadSigningKeys } from './signingKeys';

/** Seconds added to the longest token lifetime: services accept `exp` with some clock leeway. */
export const ROTATION_LEEWAY_SECONDS = 300;

export interface RotationOptions {
  /** Seconds since the epoch. */
  readonly now: number;
  /** Longest lifetime a platform token signed by a retired key can have (`BRIDGE_TOKEN_LIFETIME_SECONDS`). */
  readonly maxTokenLifetimeSeconds: number;
  /** Algorithm of the new key; default: that of the current key. */
  readonly alg?: string;
}

export interface Rotation {
  readonly keys: DatedJwk[];
  readonly added: string;
  readonly kept: string[];
  /** Keys retired long enough that no token they signed can still be valid. */
  readonly dropped: string[];
}

/**
 * Rotates a `BRIDGE_SIGNING_KEYS` set: a new key goes first (it signs from the next
 * instance start on), the previous current key stays (tokens it signed until now are still
 * live), and each older key is dropped once no token it signed can be valid any more.
 *
 * A key stops signing when the key before it in the list was created, so key `i` (i ≥ 1)
 * retired at `iat` of key `i - 1`, and its last token expires at most
 * `maxTokenLifetimeSeconds` (+ {@link ROTATION_LEEWAY_SECONDS}) later. Keys whose
 * successor has no `iat` (sets made by hand) are kept: their age cannot be known.
 */
export async function rotateSigningKeys(current: unknown, options: RotationOptions): Promise<Rotation> {
  const text = JSON.stringify(current);
  // Validates every key as the functions would load it (private, supported alg).
  const loaded = await loadSigningKeys(text);
  const keys = (current as { keys: DatedJwk[] }).keys;
  const alg = options.alg ?? loaded.current.alg;
  const fresh = await generateSigningKey(alg, options.now);
  const horizon = options.maxTokenLifetimeSeconds + ROTATION_LEEWAY_SECONDS;
  const kidOf = (index: number) => loaded.all[index]?.kid ?? String(index);
  if (loaded.all.some((k) => k.kid === fresh.kid))
    throw new ConfigError(['the new key collides with an existing kid']);

  const keep: DatedJwk[] = [];
  const kept: string[] = [];
  const dropped: string[] = [];
  keys.forEach((key, index) => {
    const retiredAt = index === 0 ? options.now : keys[index - 1]?.iat;
    const expired = typeof retiredAt === 'number' && options.now - retiredAt >= horizon;
    const withKid = { ...key, kid: kidOf(index) };
    if (expired) dropped.push(withKid.kid);
    else {
      keep.push(withKid);
      kept.push(withKid.kid);
    }
  });
  return { keys: [fresh, ...keep], added: String(fresh.kid), kept, dropped };
}
