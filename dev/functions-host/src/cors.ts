import type { IncomingMessage, ServerResponse } from 'node:http';

/** `Host.CORS` / `Host.CORSCredentials` of local.settings.json, or `func start --cors … --cors-credentials`. */
export interface CorsSettings {
  /** Allowed origins; `*` allows any. */
  origins: string[];
  credentials: boolean;
}

/**
 * Parses the comma-separated origin list Core Tools accepts. `*` with credentials is refused,
 * as ASP.NET Core's CORS policy builder refuses it (the CORS protocol forbids a wildcard
 * origin on credentialed requests, https://fetch.spec.whatwg.org/#cors-protocol-and-credentials).
 */
export function parseCors(origins: unknown, credentials: unknown, source: string): CorsSettings | undefined {
  if (origins === undefined || origins === null || origins === '') return undefined;
  if (typeof origins !== 'string') throw new Error(`${source}: Host.CORS must be a comma-separated string.`);
  const list = origins
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const withCredentials = credentials === true || String(credentials).toLowerCase() === 'true';
  if (withCredentials && list.includes('*')) {
    throw new Error(
      `${source}: Host.CORS "*" cannot be combined with Host.CORSCredentials (the CORS protocol forbids it).`,
    );
  }
  return list.length > 0 ? { origins: list, credentials: withCredentials } : undefined;
}

const allowedOrigin = (cors: CorsSettings, origin: string): string | undefined => {
  if (cors.origins.includes('*')) return '*';
  return cors.origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
};

/**
 * The host's CORS middleware, in front of every function (as ASP.NET Core's is in the
 * Functions host): a preflight (OPTIONS with Origin and Access-Control-Request-Method) is
 * answered here and never reaches a function; other requests from an allowed origin get
 * Access-Control-Allow-Origin (and -Credentials) added. Origins not listed get no CORS
 * headers, so the browser withholds the answer. True when the request was answered.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  cors: CorsSettings | undefined,
): boolean {
  const origin = req.headers.origin;
  if (!cors || typeof origin !== 'string') return false;
  const allowed = allowedOrigin(cors, origin);
  const preflight =
    req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';
  const headers: Record<string, string> = {};
  if (allowed) {
    headers['access-control-allow-origin'] = allowed;
    if (allowed !== '*') headers.vary = 'Origin';
    if (cors.credentials) headers['access-control-allow-credentials'] = 'true';
  }
  if (!preflight) {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return false;
  }
  if (allowed) {
    headers['access-control-allow-methods'] = String(req.headers['access-control-request-method']);
    const requested = req.headers['access-control-request-headers'];
    if (typeof requested === 'string' && requested !== '')
      headers['access-control-allow-headers'] = requested;
  }
  res.writeHead(204, { ...headers, 'content-length': 0 });
  res.end();
  return true;
}
