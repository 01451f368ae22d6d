import type { DemoUser } from '../demoTenant';
import { GraphError, notFound } from './graphError';
import { contextUrl, ok, parseSelect, project, userResource } from './odata';
import type { RouteContext, RouteHandler } from './types';

/** Users are addressed by object id or by userPrincipalName, as in user-get. */
function findUser(idOrUpn: string, context: RouteContext): DemoUser {
  const user = context.directory.state.user(decodeURIComponent(idOrUpn));
  if (!user) throw notFound(idOrUpn);
  return user;
}

/** `GET /users/{id | userPrincipalName}` (user-get). The product never reads one user; tests check deletions with it. */
export const getUser: RouteHandler = (request, [id = ''], context) => {
  const select = parseSelect(request, 'user');
  const user = project(userResource(findUser(id, context)), select);
  return ok({ '@odata.context': `${contextUrl(request, 'users', select)}/$entity`, ...user });
};

/**
 * `POST /users/{id}/getMemberObjects` (directoryobject-getmemberobjects), how group overage is resolved:
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
