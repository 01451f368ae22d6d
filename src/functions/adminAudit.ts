import { app } from '@azure/functions';
import { auditHandler } from '../http/auditHandler';
import { handle } from '../http/handle';

/** `GET /api/admin/audit`: who changed what, when, before → after. Admins only. */
export const adminAudit = handle({ style: 'bearer' }, auditHandler);

app.http('adminAudit', {
  route: 'api/admin/audit',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: adminAudit,
});
