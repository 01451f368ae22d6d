import { app } from '@azure/functions';
import { handle } from '../http/handle';

/** `GET /api/.well-known/jwks.json`: public keys of the platform token signer (current and previous). */
export const jwks = handle({ style: 'bearer' }, async (bridge) => ({
  status: 200,
  jsonBody: bridge.tokens.jwks,
  // Services cache the set; a rotation publishes the new key before it signs anything.
  headers: { 'Cache-Control': 'public, max-age=300', 'Content-Type': 'application/jwk-set+json' },
}));

app.http('jwks', {
  route: 'api/.well-known/jwks.json',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: jwks,
});
