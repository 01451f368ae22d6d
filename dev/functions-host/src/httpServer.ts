import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AdminContext, handleAdmin } from './adminApi';
import { applyCors, type CorsSettings } from './cors';
import type { RpcInvocationResponse, RpcParameterBinding } from './coreTypes';
import type { HttpHostFunction } from './hostFunctions';
import type { HostLogger } from './logger';
import { readBody, TOO_LARGE } from './readBody';
import type { RouteTable } from './routeTable';
import { toRpcHttpRequest, writeRpcHttpResponse } from './rpcHttp';

/**
 * URL length limit of the Functions host: 4 KB (4,096 bytes)
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#limits).
 */
export const MAX_URL_LENGTH = 4096;

/** The text `GET /` answers. */
export const ROOT_TEXT = 'entra-bridge local Functions host';

/** What the server needs from the host. */
export interface HttpServerOptions {
  routes: RouteTable;
  admin: AdminContext;
  logger: HostLogger;
  /** CORS for browser clients (`Host.CORS`); undefined: no CORS headers, as without the setting. */
  cors?: CorsSettings;
  /** Largest request body, in bytes (`FUNCTIONS_REQUEST_BODY_SIZE_LIMIT`, 100 MB by default). */
  bodyLimit: number;
  /** Base used to rebuild request URLs when no `Host` header came in, e.g. `http://127.0.0.1:7071`. */
  fallbackOrigin(): string;
  invoke(
    fn: HttpHostFunction,
    inputData: RpcParameterBinding[],
    traceParent?: string,
  ): Promise<RpcInvocationResponse>;
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

function requestUrl(req: IncomingMessage, rawUrl: string, fallbackOrigin: string): URL {
  // Like the host (`ToRpcHttp`), scheme + Host header + path + query; no x-forwarded-* handling.
  try {
    if (req.headers.host) return new URL(rawUrl, `http://${req.headers.host}`);
  } catch {
    // An unusable Host header falls back to the listening address.
  }
  return new URL(rawUrl, fallbackOrigin);
}

async function serveFunction(
  req: IncomingMessage,
  res: ServerResponse,
  rawUrl: string,
  path: string,
  options: HttpServerOptions,
) {
  const found = options.routes.match(req.method ?? 'GET', path);
  if (!found) return sendEmpty(res, 404);
  const body = await readBody(req, options.bodyLimit);
  if (body === TOO_LARGE) return sendEmpty(res, 413, { connection: 'close' });
  const url = requestUrl(req, rawUrl, options.fallbackOrigin());
  const data = toRpcHttpRequest(req, url, found.params, body);
  const inputData = [{ name: found.fn.registration.triggerName, data }];
  const traceParent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
  let response: RpcInvocationResponse;
  try {
    response = await options.invoke(found.fn, inputData, traceParent);
  } catch {
    // The host answers an unhandled function error with an empty 500; `invoke` logged the details.
    return sendEmpty(res, 500);
  }
  try {
    writeRpcHttpResponse(res, response.returnValue);
  } catch (error) {
    options.logger.function(found.fn.name, 'error', `Invalid HTTP response: ${(error as Error).message}`);
    if (res.headersSent) return void res.destroy();
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    sendEmpty(res, 500);
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const rawUrl = req.url ?? '/';
  if (Buffer.byteLength(rawUrl) > MAX_URL_LENGTH) return sendEmpty(res, 414);
  const path = rawUrl.split('?')[0] ?? '/';
  if (/^\/admin(\/|$)/i.test(path)) return handleAdmin(req, res, path, options.admin);
  if (applyCors(req, res, options.cors)) return;
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(ROOT_TEXT),
    });
    res.end(ROOT_TEXT);
    return;
  }
  return serveFunction(req, res, rawUrl, path, options);
}

/**
 * Creates the node:http server that fronts the registered functions: admin endpoints, route
 * prefix and templates, body limit, and the RPC round trip through the library's invocation model.
 */
export function createFunctionsHttpServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.logger.host('error', `Request handling failed: ${(error as Error)?.message ?? error}`);
      if (!res.headersSent) sendEmpty(res, 500);
      else res.destroy();
    });
  });
}
