import type { DemoUser } from '../demoTenant';
import { GraphError, notFound } from './graphError';
import { nextLink, readPageToken } from './groupRoutes';
import { contextUrl, groupResource, ok, pageSize, parseSelect, project, userResource } from './odata';
import type { RouteContext, RouteHandler } from './types';

/** Users are addressed by object id or by userPrincipalName, as in user-get. */
function findUser(idOrUpn: string, context: RouteContext): DemoUser {
  const user = context.directory.state.user(decodeURIComponent(idOrUpn));
  if (!user) throw notFound(idOrUpn);
  return user;
}

/** `GET /users/{id | userPrincipalName}` (user-get). */
export const getUser: RouteHandler = (request, [id = ''], context) => {
  const select = parseSelect(request, 'user');
  const user = project(userResource(findUser(id, context)), select);
  return ok({ '@odata.context': `${contextUrl(request, 'users', select)}/$entity`, ...user });
};

/**
 * `POST /users/{id}/getMemberObjects` and `getMemberGroups` (directoryobject-getmemberobjects):
 * transitive group ids; `securityEnabledOnly` (required) keeps security groups only.
 */
export const getMemberObjects: RouteHandler = (request, [id = ''], context) => {
  const user = findUser(id, context);
  const securityEnabledOnly = (request.body as { securityEnabledOnly?: unknown } | null)?.securityEnabledOnly;
  if (typeof securityEnabledOnly !== 'boolean') {
    throw new GraphError(400, 'Request_BadRequest', "The parameter 'securityEnabledOnly' is required.");
  }
  const value = context.directory.state
    .transitiveGroups(user.id)
    .filter((r) => !securityEnabledOnly || r.group.securityEnabled)
    .map((r) => r.group.id);
  return ok({ '@odata.context': `${request.origin}/v1.0/$metadata#Collection(Edm.String)`, value });
};

/** `GET /users/{id}/transitiveMemberOf` (user-list-transitivememberof): paged directory objects. */
export const transitiveMemberOf: RouteHandler = (request, [id = ''], context) => {
  const user = findUser(id, context);
  const state = readPageToken(request, context.tokens);
  const select = state ? state.select : parseSelect(request, 'group');
  const size = state ? state.size : pageSize(request, context.defaultPageSize, context.maxPageSize);
  const offset = state?.after ?? 0;
  const groups = context.directory.state.transitiveGroups(user.id);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(request, 'directoryObjects', select) };
  if (groups.length > offset + size) {
    body['@odata.nextLink'] = nextLink(
      request,
      context.tokens.issue({ kind: 'page', after: offset + size, select, size }),
    );
  }
  body.value = groups
    .slice(offset, offset + size)
    .map((r) => ({ '@odata.type': '#microsoft.graph.group', ...project(groupResource(r), select) }));
  return ok(body);
};
