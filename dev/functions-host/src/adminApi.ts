import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOST_VERSION } from './coreApi';
import type { HostFunction } from './hostFunctions';
import { readBody, TOO_LARGE } from './readBody';

/** What the admin endpoints need from the host. */
export interface AdminContext {
  hostId: string;
  functions: HostFunction[];
  /** Starts a non-HTTP function now with the given trigger input; does not wait for it. */
  runNow(fn: HostFunction, input: string): void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
  });
  res.end(bytes);
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

async function runFunction(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  ctx: AdminContext,
): Promise<void> {
  const fn = ctx.functions.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!fn) return sendEmpty(res, 404);
  if (fn.kind === 'http') {
    return sendJson(res, 400, { error: `'${fn.name}' is HTTP-triggered; call its URL instead.` });
  }
  const body = await readBody(req);
  if (body === TOO_LARGE) return sendEmpty(res, 413);
  let input = '';
  if (body.length > 0) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { input?: unknown };
      input = typeof parsed?.input === 'string' ? parsed.input : JSON.stringify(parsed?.input ?? '');
    } catch {
      return sendJson(res, 400, { error: 'The body must be JSON like {"input": "..."}.' });
    }
  }
  ctx.runNow(fn, input);
  sendEmpty(res, 202);
}

/**
 * Serves the admin endpoints `func start` exposes, without keys as Core Tools does locally:
 * `GET /admin/host/status` and `POST /admin/functions/{name}` with `{"input": "..."}`, which runs a
 * non-HTTP-triggered function and answers 202 Accepted
 * (https://learn.microsoft.com/azure/azure-functions/functions-manually-run-non-http).
 * Anything else under `/admin` is 404.
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: AdminContext,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (/^\/admin\/host\/status\/?$/i.test(path) && (method === 'GET' || method === 'HEAD')) {
    return sendJson(res, 200, {
      id: ctx.hostId,
      state: 'Running',
      version: HOST_VERSION,
      processUptime: Math.round(process.uptime() * 1000),
    });
  }
  const run = /^\/admin\/functions\/([^/]+)\/?$/i.exec(path);
  if (run && method === 'POST') return runFunction(req, res, decodeURIComponent(run[1] ?? ''), ctx);
  sendEmpty(res, 404);
}
