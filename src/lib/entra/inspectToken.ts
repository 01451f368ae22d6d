import { isUtf8 } from 'node:buffer';
import { TokenRejectedError } from '../errors';
import { hasDuplicateMember } from '../util/hasDuplicateMember';
import { type TokenReason, TOKEN_REASONS } from './tokenReasons';

/** Longest token we look at. Entra access tokens with 200 group OIDs stay well below this. */
export const MAX_TOKEN_LENGTH = 20_000;

/** The signature part; header and payload are checked as they are decoded. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface InspectedToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

export function reject(reason: TokenReason, detail?: string): never {
  throw new TokenRejectedError(reason, detail ? `${TOKEN_REASONS[reason]} ${detail}` : TOKEN_REASONS[reason]);
}

/**
 * Decodes a compact JWS without trusting it, refusing anything that is not plainly a
 * signed JWT: wrong shape, JWE (5 parts), invalid base64url or JSON, non-object parts, or
 * duplicate member names (RFC 8725 §3.12 warns parsers disagree on which one wins).
 */
export function inspectToken(token: unknown): InspectedToken {
  const [headerPart, payloadPart] = compactParts(token);
  return { header: decodeHeader(headerPart), payload: decodeObject(payloadPart, 'payload') };
}

/**
 * The same checks as {@link inspectToken} for a token whose payload jose has already
 * decoded (after verifying its signature): its text must still be the one canonical,
 * UTF-8, duplicate-free encoding of that payload, but it is not parsed a second time.
 */
export function inspectVerifiedToken(
  token: string,
  payload: Readonly<Record<string, unknown>>,
): InspectedToken {
  const [headerPart, payloadPart] = compactParts(token);
  const text = decodeCanonicalBase64url(payloadPart);
  if (text === undefined) reject('token_malformed', 'The payload is not valid base64url-encoded UTF-8.');
  if (hasDuplicateMember(text, payload)) reject('token_malformed', 'The payload repeats a member name.');
  return { header: decodeHeader(headerPart), payload };
}

/** The decoded header of a compact JWS if it passes the format checks, else `undefined`. */
export function peekHeader(token: string): Readonly<Record<string, unknown>> | undefined {
  const end = token.indexOf('.');
  try {
    return end > 0 ? decodeHeader(token.slice(0, end)) : undefined;
  } catch {
    return undefined;
  }
}

function compactParts(token: unknown): [string, string, string] {
  if (typeof token !== 'string' || token.length === 0) reject('token_malformed', 'No token was given.');
  if (token.length > MAX_TOKEN_LENGTH) reject('token_too_large');
  const parts = token.split('.');
  if (parts.length === 5) reject('token_encrypted');
  if (parts.length !== 3 || !BASE64URL.test(parts[2] as string)) reject('token_malformed');
  return parts as [string, string, string];
}

/**
 * Decoded headers by their base64url text. All tokens of a tenant share a handful of
 * headers (`typ`, `alg`, `kid`, `x5t`), so each is decoded and checked once; the map is
 * small and bounded, and only headers that passed every check are kept (frozen).
 */
const headerCache = new Map<string, Readonly<Record<string, unknown>>>();
const HEADER_CACHE_SIZE = 32;

function decodeHeader(part: string): Readonly<Record<string, unknown>> {
  const cached = headerCache.get(part);
  if (cached) return cached;
  const header = deepFreeze(decodeObject(part, 'header'));
  if (headerCache.size >= HEADER_CACHE_SIZE) headerCache.delete(headerCache.keys().next().value as string);
  headerCache.set(part, header);
  return header;
}

function decodeObject(part: string, what: string): Record<string, unknown> {
  const text = decodeCanonicalBase64url(part);
  if (text === undefined) reject('token_malformed', `The ${what} is not valid base64url-encoded UTF-8.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reject('token_malformed', `The ${what} is not JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    reject('token_malformed', `The ${what} is not a JSON object.`);
  }
  if (hasDuplicateMember(text, value)) reject('token_malformed', `The ${what} repeats a member name.`);
  return value as Record<string, unknown>;
}

/**
 * base64url text → UTF-8 string, or undefined unless it is the one canonical encoding of
 * valid UTF-8: Node's decoder also takes `+` and `/`, skips any other character that is not
 * in the alphabet (padding, white space), ignores a dangling character and non-zero padding
 * bits (RFC 4648 §3.5), and would turn invalid UTF-8 into U+FFFD. A skipped character makes
 * the output shorter than ⌊3n/4⌋ bytes, which stands in for a scan of the alphabet (this
 * runs on every token; test/lib/entra/inspectToken.test.ts holds it to the regex).
 */
function decodeCanonicalBase64url(part: string): string | undefined {
  const tail = part.length % 4;
  if (tail === 1 || part.includes('+') || part.includes('/')) return undefined;
  if (tail !== 0) {
    const unusedBits = tail === 2 ? 0b1111 : 0b11;
    if (base64urlValue(part.charCodeAt(part.length - 1)) & unusedBits) return undefined;
  }
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.length !== (part.length * 3) >> 2) return undefined;
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

function base64urlValue(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code >= 0x41) return code === 0x5f ? 63 : code - 0x41; // A-Z, _
  if (code >= 0x30) return code - 0x30 + 52; // 0-9
  return 62; // -
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
