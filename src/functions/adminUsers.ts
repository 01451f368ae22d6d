import { app } from '@azure/functions';
import { usersHandler } from '../http/adminUsersHandler';
import { handle } from '../http/handle';

/** Users: `GET /api/admin/users` (paged, filtered), `GET|PUT|DELETE /api/admin/users/{id}` (PUT provisions). Admins only. */
export const adminUsers = handle({ style: 'bearer' }, usersHandler);

app.http('adminUsers', {
  route: 'api/admin/users/{id?}',
  methods: ['GET', 'PUT', 'DELETE'],
  authLevel: 'anonymous',
  handler: adminUsers,
});
