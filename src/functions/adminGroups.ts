import { app } from '@azure/functions';
import { catalogHandler } from '../http/catalogHandler';
import { handle } from '../http/handle';

/** Platform groups: `GET|PUT|PATCH|DELETE /api/admin/groups/{name}`, `GET /api/admin/groups`. Admins only. */
export const adminGroups = handle({ style: 'bearer' }, catalogHandler('group'));

app.http('adminGroups', {
  route: 'api/admin/groups/{*name}',
  methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
  authLevel: 'anonymous',
  handler: adminGroups,
});
