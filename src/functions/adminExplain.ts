import { app } from '@azure/functions';
import { explainHandler } from '../http/explainHandler';
import { handle } from '../http/handle';

/** `POST /api/admin/explain`: why a token maps the way it does, without writing. Admins only. */
export const adminExplain = handle({ style: 'bearer' }, explainHandler);

app.http('adminExplain', {
  route: 'api/admin/explain',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: adminExplain,
});
