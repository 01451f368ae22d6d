import { app } from '@azure/functions';
import { catalogHandler } from '../http/catalogHandler';
import { handle } from '../http/handle';

/** Platform roles: `GET|PUT|PATCH|DELETE /api/admin/roles/{name}`, `GET /api/admin/roles`. Admins only. */
export const adminRoles = handle({ style: 'bearer' }, catalogHandler('role'));

app.http('adminRoles', {
  route: 'api/admin/roles/{*name}',
  methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
  authLevel: 'anonymous',
  handler: adminRoles,
});
