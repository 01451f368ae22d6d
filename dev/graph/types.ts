import type { Directory } from './directory';
import type { GraphError } from './graphError';
import type { StateTokens } from './stateToken';

/** One request as the router sees it. */
export interface GraphRequest {
  method: string;
  /** Path below the version segment, e.g. `/groups/delta`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: unknown;
  /** Application permissions of the caller (the `roles` of its token). */
  roles: string[];
  /** `https://host:port` the caller used; links in answers point back to it. */
  origin: string;
}

/** A status, headers and JSON body. */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** What handlers may use; built once per server. */
export interface RouteContext {
  directory: Directory;
  tokens: StateTokens;
  defaultPageSize: number;
  maxPageSize: number;
  now: () => number;
}

/** Answers one routed request; `params` are the path's captured segments (ids). Throws {@link GraphError}. */
export type RouteHandler = (request: GraphRequest, params: string[], context: RouteContext) => GraphResponse;
