import { app } from '@azure/functions';
import { userStateHandler } from '../http/adminUsersHandler';
import { handle } from '../http/handle';

/** `POST /api/admin/users/{id}/disable` and `/enable`. Admins only. */
export const adminUsersState = handle({ style: 'bearer' }, userStateHandler);

app.http('adminUsersState', {
  route: 'api/admin/users/{id}/{action}',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: adminUsersState,
});
