import { app } from '@azure/functions';
import { authenticateAdmin } from '../http/authenticate';
import { respond } from '../http/errorResponse';
import { handle } from '../http/handle';

/** `GET /api/admin/directory`: directory sync status (last run, counts, errors, next run). Admins only. */
export const adminDirectory = handle({ style: 'bearer' }, async (bridge, request) => {
  await authenticateAdmin(bridge, request);
  return respond(200, await bridge.directory.status());
});

app.http('adminDirectory', {
  route: 'api/admin/directory',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: adminDirectory,
});
