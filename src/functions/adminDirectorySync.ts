import { app } from '@azure/functions';
import { authenticateAdmin } from '../http/authenticate';
import { respond } from '../http/errorResponse';
import { handle } from '../http/handle';
import { syncRunError } from '../lib/directory/syncRunError';
import { tracedSync } from '../lib/telemetry/tracedSync';

/**
 * `POST /api/admin/directory/sync`: runs a sync now and answers with the run (200); 409
 * `sync_running` when another run holds the directory; 503 + Retry-After when Graph or
 * storage failed (the run record, with its error, is in `GET /api/admin/directory`).
 */
export const adminDirectorySync = handle({ style: 'bearer' }, async (bridge, request, context) => {
  await authenticateAdmin(bridge, request);
  const run = await tracedSync(bridge, { trigger: 'manual', correlationId: context.invocationId });
  const error = syncRunError(run);
  if (error) throw error;
  return respond(200, run);
});

app.http('adminDirectorySync', {
  route: 'api/admin/directory/sync',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: adminDirectorySync,
});
