import { notFound } from './graphError';
import { ok } from './odata';
import type { RouteHandler } from './types';

/**
 * `GET /servicePrincipals(appId='{appId}')/appRoleAssignedTo` (serviceprincipal-list-approleassignedto):
 * the groups assigned to an application, as `appRoleAssignment` objects with the default app
 * role. One page: an application has few assignments (the bridge's paging is unit-tested).
 */
export const appRoleAssignedTo: RouteHandler = (request, [appId = ''], context) => {
  const id = decodeURIComponent(appId);
  const tenant = context.directory.state;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(id);
  const value = tenant.assignedGroups(id).map((groupId) => ({
    id: `${groupId}-assignment`,
    appRoleId: '00000000-0000-0000-0000-000000000000',
    principalId: groupId,
    principalType: 'Group',
    principalDisplayName: tenant.group(groupId)?.group.displayName ?? null,
    resourceDisplayName: 'Platform API',
  }));
  return ok({ '@odata.context': `${request.origin}/v1.0/$metadata#appRoleAssignments`, value });
};
