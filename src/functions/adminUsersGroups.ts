import { app } from '@azure/functions';
import { userAssignmentHandler } from '../http/adminUsersHandler';
import { handle } from '../http/handle';

/** Manual group assignments: `PUT|DELETE /api/admin/users/{id}/groups/{name}`. Admins only. */
export const adminUsersGroups = handle({ style: 'bearer' }, userAssignmentHandler('group'));

app.http('adminUsersGroups', {
  route: 'api/admin/users/{id}/groups/{*name}',
  methods: ['PUT', 'DELETE'],
  authLevel: 'anonymous',
  handler: adminUsersGroups,
});
