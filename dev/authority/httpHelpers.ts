import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body read; Entra's own limit is larger, but no legitimate dev request comes close. */
const MAX_BODY_BYTES = 64 * 1024;

/** An Entra-style OAuth error: `error` (RFC 6749 §5.2), an `AADSTS` code and the HTTP status Entra uses. */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'EntraError';
  }
}

/** Entra's 400 `invalid_request` with its AADSTS code. */
export const invalidRequest = (aadsts: number, description: string): EntraError =>
  new EntraError(400, 'invalid_request', aadsts, description);

/** Thrown when a body exceeds {@link MAX_BODY_BYTES}; answered with 413. */
export class BodyTooLargeError extends Error {}

/** base64url without padding (RFC 7515 §2). */
export const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Random base64url string of `bytes` random bytes, the shape of Entra's `uti`, `aio` and codes. */
export const randomId = (bytes: number): string => b64url(randomBytes(bytes));

/** Reads a body up to {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads an `application/x-www-form-urlencoded` body, the only encoding the token endpoint accepts
 * (RFC 6749 §3.2). Repeated parameters keep their first value.
 */
export async function readForm(req: IncomingMessage): Promise<Map<string, string>> {
  const type = req.headers['content-type'] ?? '';
  const body = await readBody(req);
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new EntraError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }
  const form = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) if (!form.has(key)) form.set(key, value);
  return form;
}

/** Writes a JSON response with the cache headers Entra sends on token and discovery responses. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Writes an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** Entra's timestamp form, `2024-01-31 12:34:56Z`. */
const entraTimestamp = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;

/**
 * Writes an error the way Entra's v2 endpoints do: `error`, an `error_description` starting with the
 * `AADSTSnnnn` code and ending with trace and correlation IDs, `error_codes`, `timestamp`, `trace_id`,
 * `correlation_id` and `error_uri`.
 */
export function sendEntraError(
  res: ServerResponse,
  err: EntraError,
  nowMs: number,
  correlationId: string = randomUUID(),
): void {
  const traceId = randomUUID();
  const timestamp = entraTimestamp(nowMs);
  const description = `AADSTS${err.aadsts}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
  const headers: Record<string, string> =
    err.status === 401 ? { 'www-authenticate': `Bearer error="${err.error}"` } : {};
  sendJson(
    res,
    err.status,
    {
      error: err.error,
      error_description: description,
      error_codes: [err.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
    },
    headers,
  );
}

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
