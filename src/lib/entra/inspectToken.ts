import { TokenRejectedError } from '../errors';
import { hasDuplicateMember } from '../util/hasDuplicateMember';
import { type TokenReason, TOKEN_REASONS } from './tokenReasons';

/** Longest token we look at. Entra access tokens with 200 group OIDs stay well below this. */
export const MAX_TOKEN_LENGTH = 20_000;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

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
  if (typeof token !== 'string' || token.length === 0) reject('token_malformed', 'No token was given.');
  if (token.length > MAX_TOKEN_LENGTH) reject('token_too_large');
  const parts = token.split('.');
  if (parts.length === 5) reject('token_encrypted');
  if (parts.length !== 3 || !COMPACT_JWS.test(token)) reject('token_malformed');
  const [headerPart, payloadPart] = parts as [string, string, string];
  return { header: decodeObject(headerPart, 'header'), payload: decodeObject(payloadPart, 'payload') };
}

function decodeObject(part: string, what: string): Record<string, unknown> {
  const text = Buffer.from(part, 'base64url').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== part.replace(/=+$/, '')) {
    reject('token_malformed', `The ${what} is not valid base64url-encoded UTF-8.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reject('token_malformed', `The ${what} is not JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    reject('token_malformed', `The ${what} is not a JSON object.`);
  }
  if (hasDuplicateMember(text)) reject('token_malformed', `The ${what} repeats a member name.`);
  return value as Record<string, unknown>;
}
