import { app } from '@azure/functions';
import { authenticateAdmin } from '../http/authenticate';
import { respond } from '../http/errorResponse';
import { handle } from '../http/handle';
import { describeDirectoryGroups } from '../lib/directory/describeDirectoryGroups';
import { readGroupListQuery } from '../lib/directory/groupListQuery';

/**
 * `GET /api/admin/directory/groups?offset=&limit=&mapped=true`: Entra group OID → name → the
 * platform group/role it maps to, ambiguous names flagged. Admins only.
 */
export const adminDirectoryGroups = handle({ style: 'bearer' }, async (bridge, request) => {
  await authenticateAdmin(bridge, request);
  const page = readGroupListQuery((name) => request.query.get(name));
  const [view, catalog] = await Promise.all([bridge.directory.view(), bridge.catalog.snapshot()]);
  return respond(200, {
    synced: view.synced,
    ...describeDirectoryGroups(bridge.config, view, catalog, page),
  });
});

app.http('adminDirectoryGroups', {
  route: 'api/admin/directory/groups',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: adminDirectoryGroups,
});
