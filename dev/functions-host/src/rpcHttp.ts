import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcHttpData, RpcNullableString, RpcTypedData } from './coreTypes';

function nullable(entries: Iterable<[string, string]>): Record<string, RpcNullableString> {
  const result: Record<string, RpcNullableString> = {};
  for (const [key, value] of entries) result[key] = { value };
  return result;
}

function joinedQuery(search: URLSearchParams): Map<string, string> {
  const values = new Map<string, string[]>();
  for (const [key, value] of search) values.set(key, [...(values.get(key) ?? []), value]);
  return new Map([...values].map(([key, list]) => [key, list.join(',')]));
}

/**
 * Builds the `{ http: RpcHttpData }` input the host sends for an HTTP trigger (`ToRpcHttp` in
 * azure-functions-host's `RpcMessageConversionExtensions`), with the worker's capabilities
 * `UseNullableValueDictionaryForHttp` and `RawHttpBodyBytes`: lower-cased headers and repeated query
 * keys joined with `,` (ASP.NET `StringValues.ToString()`), non-null route values, body as bytes.
 */
export function toRpcHttpRequest(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): RpcTypedData {
  const headers = Object.entries(req.headersDistinct).map(([k, v]): [string, string] => [
    k,
    (v ?? []).join(','),
  ]);
  const http: RpcHttpData = {
    method: req.method ?? 'GET',
    url: url.href,
    nullableHeaders: nullable(headers),
    nullableQuery: nullable(joinedQuery(url.searchParams)),
    nullableParams: nullable(Object.entries(params)),
  };
  if (body.length > 0) http.body = { bytes: body };
  return { http };
}

/** Bytes of a typed value as the host would write them to the response body. */
export function typedDataBytes(data: RpcTypedData | null | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.stream) return Buffer.from(data.stream);
  if (typeof data.string === 'string') return Buffer.from(data.string, 'utf8');
  if (typeof data.json === 'string') return Buffer.from(data.json, 'utf8');
  if (typeof data.int === 'number' || typeof data.double === 'number')
    return Buffer.from(String(data.int ?? data.double));
  return Buffer.alloc(0);
}

/**
 * Serializes a cookie as ASP.NET Core's `SetCookieHeaderValue` does (lower-case attributes; the
 * value escaped like `Uri.EscapeDataString` by `Response.Cookies.Append`).
 */
export function toSetCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${encodeURIComponent(cookie.value ?? '')}`];
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === 'number') parts.push(`expires=${new Date(seconds * 1000).toUTCString()}`);
  if (typeof cookie.maxAge?.value === 'number') parts.push(`max-age=${Math.trunc(cookie.maxAge.value)}`);
  if (cookie.domain?.value) parts.push(`domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`path=${cookie.path.value}`);
  if (cookie.secure?.value) parts.push('secure');
  const sameSite = { lax: 'lax', strict: 'strict', explicitNone: 'none', none: undefined }[
    cookie.sameSite ?? 'none'
  ];
  if (sameSite) parts.push(`samesite=${sameSite}`);
  if (cookie.httpOnly?.value) parts.push('httponly');
  return parts.join('; ');
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

/**
 * Writes the worker's HTTP return value to the node response. No return value means `200` with an
 * empty body: the host's `FunctionInvocationMiddleware` answers `OkResult` when no response was set.
 */
export function writeRpcHttpResponse(
  res: ServerResponse,
  returnValue: RpcTypedData | null | undefined,
): void {
  const http = returnValue?.http;
  const status = http?.statusCode ? Number(http.statusCode) : 200;
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw new Error(`Invalid HTTP status code '${http?.statusCode}'.`);
  }
  const body = http ? typedDataBytes(http.body) : typedDataBytes(returnValue);
  res.statusCode = status;
  for (const [name, value] of Object.entries(http?.headers ?? {})) {
    if (!hopByHop.has(name.toLowerCase())) res.setHeader(name, value);
  }
  const cookies = (http?.cookies ?? []).map(toSetCookie);
  if (cookies.length > 0) res.appendHeader('set-cookie', cookies);
  // 1xx, 204 and 304 responses carry no body (RFC 9110 §6.4.1).
  if (status < 200 || status === 204 || status === 304) {
    res.end();
    return;
  }
  res.setHeader('content-length', body.length);
  res.end(body);
}
