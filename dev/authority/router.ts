import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { handleAuthorize } from './authorizeEndpoint';
import { handleDeviceAuthPage } from './deviceAuthPage';
import { handleDeviceCodeRequest } from './deviceCodeEndpoint';
import {
  CLOUD_INSTANCE_NAME,
  instanceDiscovery,
  openIdConfigurationV1,
  openIdConfigurationV2,
  TENANT_PLACEHOLDER,
} from './discovery';
import { BodyTooLargeError, EntraError, invalidRequest, sendEntraError, sendJson } from './httpHelpers';
import type { KeyRing } from './keys';
import { isSpaOrigin } from './redirectUris';
import { handleTokenRequest, type TokenEndpointDeps } from './tokenEndpoint';

/** Switches tests flip to simulate an unhealthy authority. */
export interface AuthorityFaults {
  /** The key endpoints answer 503. */
  jwksDown: boolean;
  /** The key endpoints answer only after this many milliseconds. */
  jwksDelayMs: number;
}

/** Request counters, to assert on caching. */
export interface AuthorityStats {
  jwksRequests: number;
  discoveryRequests: number;
  tokenRequests: number;
  reset(): void;
}

/** Everything the routes need. */
export interface RouterState extends TokenEndpointDeps {
  keys: KeyRing;
  faults: AuthorityFaults;
  stats: AuthorityStats;
  /** `https://host:port`, known once the server listens. */
  url: () => string;
}

const onlyPost = (method: string) =>
  invalidRequest(900561, `The endpoint only accepts POST requests. Received a ${method} request.`);

async function serveKeys(res: ServerResponse, state: RouterState, segment: string): Promise<void> {
  state.stats.jwksRequests++;
  const tenant = state.registry.resolve(segment);
  if (state.faults.jwksDelayMs > 0) await delay(state.faults.jwksDelayMs);
  if (state.faults.jwksDown) {
    return sendJson(res, 503, { error: 'temporarily_unavailable' }, { 'retry-after': '1' });
  }
  // A tenant's key set names that tenant's issuer; the common set keeps Entra's `{tenantid}` template.
  const issuer = `${state.url()}/${tenant?.tenantId ?? TENANT_PLACEHOLDER}/v2.0`;
  sendJson(res, 200, state.keys.jwks(issuer, CLOUD_INSTANCE_NAME));
}

function serveDiscovery(res: ServerResponse, state: RouterState, segment: string, version: 1 | 2): void {
  state.stats.discoveryRequests++;
  const tenant = state.registry.resolve(segment);
  const pathTenant = tenant?.tenantId ?? segment.toLowerCase();
  const issuerTenant = tenant?.tenantId ?? TENANT_PLACEHOLDER;
  const doc =
    version === 2
      ? openIdConfigurationV2(state.url(), pathTenant, issuerTenant)
      : openIdConfigurationV1(state.url(), pathTenant, issuerTenant);
  sendJson(res, 200, doc);
}

/**
 * CORS on the token endpoint, as Entra answers it for browsers: only the origins of the
 * tenant's single-page-application redirect URIs get `Access-Control-Allow-Origin`, on every
 * answer (errors too, so the browser can read the reason). True when the origin is allowed.
 */
function allowBrowserOrigin(req: IncomingMessage, res: ServerResponse, state: RouterState): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  const clients = state.registry.all().flatMap((t) => t.clients);
  if (!isSpaOrigin(clients, origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  return true;
}

async function route(req: IncomingMessage, res: ServerResponse, state: RouterState): Promise<void> {
  const raw = req.url ?? '/';
  const url = new URL(raw.startsWith('/') ? `${state.url()}${raw}` : state.url());
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [segment = '', ...rest] = parts;
  const path = rest.join('/');
  const isGet = method === 'GET' || method === 'HEAD';

  if (segment === 'common' && path === 'discovery/instance' && isGet) {
    const host = new URL(state.url()).host;
    return sendJson(
      res,
      200,
      instanceDiscovery(state.url(), host, url.searchParams.get('authorization_endpoint')),
    );
  }
  if (segment === 'common' && path === 'oauth2/deviceauth' && (isGet || method === 'POST')) {
    return handleDeviceAuthPage(req, res, state.deviceCodes);
  }
  if (path === '.well-known/openid-configuration' && isGet) return serveDiscovery(res, state, segment, 1);
  if (path === 'v2.0/.well-known/openid-configuration' && isGet)
    return serveDiscovery(res, state, segment, 2);
  if ((path === 'discovery/v2.0/keys' || path === 'discovery/keys') && isGet) {
    return serveKeys(res, state, segment);
  }
  if (path === 'oauth2/v2.0/authorize' && (isGet || method === 'POST')) {
    return handleAuthorize(req, res, segment, { registry: state.registry, authCodes: state.authCodes });
  }
  if (path === 'oauth2/v2.0/token' || path === 'oauth2/token') {
    if (allowBrowserOrigin(req, res, state) && method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '86400',
        'content-length': 0,
      });
      return void res.end();
    }
    state.stats.tokenRequests++;
    if (method !== 'POST') throw onlyPost(method);
    return handleTokenRequest(req, res, segment, path === 'oauth2/token', state);
  }
  if (path === 'oauth2/v2.0/devicecode' || path === 'oauth2/devicecode') {
    if (method !== 'POST') throw onlyPost(method);
    return handleDeviceCodeRequest(req, res, segment, { ...state, authorityUrl: state.url() });
  }
  sendJson(res, 404, {
    error: 'not_found',
    error_description: `No such endpoint: ${method} ${url.pathname}`,
  });
}

/**
 * The authority's request listener. Every failure becomes an Entra-shaped 4xx; anything unexpected is a 500
 * without detail, so a hostile request never learns more than a real Entra would tell it.
 */
export function createRouter(state: RouterState) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, state).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof EntraError) return sendEntraError(res, err, state.nowMs());
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'invalid_request' });
      if (err instanceof URIError) {
        return sendEntraError(
          res,
          new EntraError(400, 'invalid_request', 90100, 'Invalid request.'),
          state.nowMs(),
        );
      }
      sendJson(res, 500, { error: 'server_error' });
    });
  };
}
