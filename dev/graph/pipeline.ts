import { randomUUID } from 'node:crypto';
import { type FaultInjector, serviceDown } from './faults';
import { errorBody, GraphError, type RequestIds } from './graphError';
import { JSON_CONTENT_TYPE } from './odata';
import { requireRoles } from './permissions';
import { resolveRoute } from './router';
import type { GraphRequest, GraphResponse, RouteContext } from './types';

/** Counters a test or benchmark reads; see {@link LocalGraph.stats}. */
export interface GraphStats {
  /** HTTPS requests received. */
  requests: number;
  /** Requests per route, whatever their outcome. */
  byRoute: Record<string, number>;
  reset(): void;
}

/** Decides who the caller is; `null` means the token is not acceptable (401). */
export type Authorize = (bearerToken: string) => Promise<{ roles: string[] } | null>;

/** A request as read off the wire. */
export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/v1.0/groups?$top=5`. */
  url: string;
  headers: Record<string, string | undefined>;
  /** Parsed JSON, `undefined` when empty, a `SyntaxError` when unreadable. */
  body: unknown;
  origin: string;
}

// Graph's 401 names the authority to get a token from.
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Runs requests through auth, faults, routing and handlers. */
export function createPipeline(
  context: RouteContext,
  faults: FaultInjector,
  stats: GraphStats,
  authorize: Authorize,
) {
  const count = (name: string) => {
    stats.byRoute[name] = (stats.byRoute[name] ?? 0) + 1;
  };

  const route = async (request: GraphRequest, target: string): Promise<GraphResponse> => {
    const resolved = resolveRoute(request.method, request.path);
    count(resolved instanceof GraphError ? 'unknown' : resolved.name);
    const fault = faults.take(target);
    if (fault) throw fault;
    if (resolved instanceof GraphError) throw resolved;
    requireRoles(request.roles, resolved.requirement);
    if (request.body instanceof SyntaxError) {
      throw new GraphError(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
    return resolved.handler(request, resolved.params, context);
  };

  const asResponse = (error: unknown, ids: RequestIds): GraphResponse => {
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(500, 'generalException', 'An unspecified error has occurred.');
    if (!(error instanceof GraphError)) console.error('local Graph: handler failed', error);
    const headers = { 'Content-Type': JSON_CONTENT_TYPE, ...graphError.headers };
    if (graphError.status === 401) Object.assign(headers, { 'WWW-Authenticate': WWW_AUTHENTICATE });
    return { status: graphError.status, headers, body: errorBody(graphError, ids, context.now()) };
  };

  const authenticate = async (headers: RawRequest['headers']): Promise<string[]> => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
    if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const caller = await authorize(token);
    if (!caller) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    return caller.roles;
  };

  /** Handles one HTTPS request; the answer always carries `request-id` and `client-request-id`. */
  return async function handle(raw: RawRequest): Promise<GraphResponse> {
    stats.requests += 1;
    const ids = {
      requestId: randomUUID(),
      clientRequestId: raw.headers['client-request-id'] ?? randomUUID(),
    };
    let response: GraphResponse;
    try {
      if (faults.down) throw serviceDown();
      const url = new URL(raw.url, raw.origin);
      const version = /^\/(v1\.0)(\/.*)?$/.exec(url.pathname);
      if (!version) {
        const segment = url.pathname.split('/')[1] ?? '';
        throw new GraphError(400, 'BadRequest', `Invalid version: ${segment}`);
      }
      const roles = await authenticate(raw.headers);
      const request: GraphRequest = {
        method: raw.method,
        path: version[2] ?? '/',
        query: url.searchParams,
        headers: raw.headers,
        body: raw.body,
        roles,
        origin: raw.origin,
      };
      response = await route(request, `${url.pathname}${url.search}`);
    } catch (error) {
      response = asResponse(error, ids);
    }
    response.headers['request-id'] = ids.requestId;
    response.headers['client-request-id'] = ids.clientRequestId;
    return response;
  };
}
