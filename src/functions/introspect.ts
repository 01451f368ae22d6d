import { app } from '@azure/functions';
import { authenticateService } from '../http/authenticateService';
import { respond } from '../http/errorResponse';
import { handle } from '../http/handle';
import { readBodyText } from '../http/readRequest';
import { introspectToken } from '../lib/platform/introspectToken';
import {
  MAX_INTROSPECTION_BODY_BYTES,
  parseIntrospectionRequest,
} from '../lib/platform/introspectionRequest';

/**
 * `POST /api/introspect` (RFC 7662): tells an authenticated platform service whether a
 * platform token is good now — for operations that cannot wait for the token to expire
 * after its user was disabled.
 */
export const introspect = handle({ style: 'bearer' }, async (bridge, request) => {
  await authenticateService(bridge, request);
  const body = await readBodyText(request, MAX_INTROSPECTION_BODY_BYTES);
  const token = parseIntrospectionRequest(request.headers.get('content-type'), body);
  return respond(200, await introspectToken(bridge, token));
});

app.http('introspect', {
  route: 'api/introspect',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: introspect,
});
