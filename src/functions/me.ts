import { app } from '@azure/functions';
import { authenticate } from '../http/authenticate';
import { respond } from '../http/errorResponse';
import { handle } from '../http/handle';
import { toUserProfile } from '../lib/users/userProfile';

/** `GET /api/me`: the caller's platform profile, from a platform token or an Entra token. */
export const me = handle({ style: 'bearer' }, async (bridge, request) => {
  const { user } = await authenticate(bridge, request, { acceptEntraTokens: true });
  return respond(200, toUserProfile(user));
});

app.http('me', { route: 'api/me', methods: ['GET'], authLevel: 'anonymous', handler: me });
