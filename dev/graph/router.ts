import { GraphError } from './graphError';
import { groupDelta, userDelta } from './groupDelta';
import { getGroup, listGroups } from './groupRoutes';
import { APPLICATIONS, GROUPS, MEMBERSHIPS, type Requirement, USERS, USERS_DELTA } from './permissions';
import { appRoleAssignedTo } from './servicePrincipalRoutes';
import type { RouteHandler } from './types';
import { getMemberObjects, getUser } from './userRoutes';

/** A resolved route: its name in {@link LocalGraph.stats}`.byRoute`, handler and permissions. */
export interface Route {
  name: string;
  handler: RouteHandler;
  params: string[];
  requirement: Requirement;
}

// Bound operations may be addressed by their qualified name (`microsoft.graph.delta`), which the
// SDKs generate (https://learn.microsoft.com/graph/delta-query-overview); segments are case-insensitive.
const fn = (name: string) => `(?:microsoft\\.graph\\.)?${name}(?:\\(\\))?`;
// What the bridge calls (groups/delta, users/delta, getMemberObjects, appRoleAssignedTo, one page of
// groups for its health probe) and the single-object reads its tests check the directory with.
const TABLE: [method: string, pattern: RegExp, name: string, RouteHandler, Requirement][] = [
  ['GET', /^\/groups$/i, 'GET /groups', listGroups, GROUPS],
  ['GET', new RegExp(`^/groups/${fn('delta')}$`, 'i'), 'GET /groups/delta', groupDelta, GROUPS],
  ['GET', /^\/groups\/([^/]+)$/i, 'GET /groups/{id}', getGroup, GROUPS],
  ['GET', new RegExp(`^/users/${fn('delta')}$`, 'i'), 'GET /users/delta', userDelta, USERS_DELTA],
  ['GET', /^\/users\/([^/]+)$/i, 'GET /users/{id}', getUser, USERS],
  [
    'GET',
    /^\/servicePrincipals\(appId='([^']+)'\)\/appRoleAssignedTo$/i,
    'GET /servicePrincipals(appId)/appRoleAssignedTo',
    appRoleAssignedTo,
    APPLICATIONS,
  ],
  [
    'POST',
    new RegExp(`^/users/([^/]+)/${fn('getMemberObjects')}$`, 'i'),
    'POST /users/{id}/getMemberObjects',
    getMemberObjects,
    MEMBERSHIPS,
  ],
];

const ROOTS = new Set(['groups', 'users', 'serviceprincipals']);

/**
 * Finds the route for `method` and `path` (below `/v1.0`). Unknown paths get Graph's 400
 * "Resource not found for the segment 'x'."; a known path with another method gets 405.
 */
export function resolveRoute(method: string, path: string): Route | GraphError {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let known = false;
  for (const [m, pattern, name, handler, requirement] of TABLE) {
    const match = pattern.exec(clean);
    if (!match) continue;
    if (m === method) return { name, handler, params: match.slice(1), requirement };
    known = true;
  }
  if (known) {
    return new GraphError(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  const segments = clean.split('/').filter(Boolean);
  const first = segments[0] ?? '';
  const segment = ROOTS.has(first.toLowerCase()) ? (segments.at(-1) ?? first) : first;
  return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}
