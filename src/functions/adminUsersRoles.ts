import { app } from '@azure/functions';
import { userAssignmentHandler } from '../http/adminUsersHandler';
import { handle } from '../http/handle';

/** Manual role assignments: `PUT|DELETE /api/admin/users/{id}/roles/{name}`. Admins only. */
export const adminUsersRoles = handle({ style: 'bearer' }, userAssignmentHandler('role'));

app.http('adminUsersRoles', {
  route: 'api/admin/users/{id}/roles/{*name}',
  methods: ['PUT', 'DELETE'],
  authLevel: 'anonymous',
  handler: adminUsersRoles,
});
