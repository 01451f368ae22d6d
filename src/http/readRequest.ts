import type { HttpRequest } from '@azure/functions';
import { InvalidRequestError, UnauthenticatedError } from '../lib/errors';

/**
 * Reads the body as UTF-8 text, refusing more than `limit` bytes. The declared length is
 * checked first so an oversized body is refused without reading it.
 */
export async function readBodyText(request: HttpRequest, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit)
    throw new InvalidRequestError('body_too_large', `The request body exceeds ${limit} bytes.`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit)
    throw new InvalidRequestError('body_too_large', `The request body exceeds ${limit} bytes.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidRequestError('malformed_body', 'The request body is not UTF-8.');
  }
}

/**
 * The Bearer token of RFC 6750 §2.1 (`Authorization: Bearer <b64token>`). The query and
 * body forms of §2.2–2.3 are not supported: tokens in URLs end up in logs.
 */
export function bearerToken(request: HttpRequest): string {
  const header = request.headers.get('authorization');
  if (header === null || header.trim() === '') throw new UnauthenticatedError();
  // RFC 6750 §3.1: a client that used another scheme (Basic, Negotiate…) sent no Bearer
  // credentials at all: 401 with a bare challenge, not 400 "malformed".
  if (!/^bearer(?:[ \t]|$)/i.test(header.trimStart())) throw new UnauthenticatedError();
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1])
    throw new InvalidRequestError('malformed_authorization', 'Use "Authorization: Bearer <token>".');
  return match[1];
}
