import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempAppDir } from './appDir';

/**
 * A throw-away function app with one `POST /api/token` function that does no work: it reads
 * the body and answers a token-sized JSON with the bridge's headers. On the same host and
 * host.json as the bridge, it shows what the programming model itself costs per request
 * (body → HttpRequest, HttpResponse → RPC, invocation bookkeeping): the ceiling of any
 * function on this host, against which the bridge's own work can be told apart.
 */
export function createNoopApp(): string {
  const dir = tempAppDir('entra-bridge-bench-noop-', { main: 'functions/*.js' });
  mkdirSync(join(dir, 'functions'));
  writeFileSync(join(dir, 'functions', 'token.js'), NOOP_FUNCTION);
  return dir;
}

const NOOP_FUNCTION = `const { app } = require('@azure/functions');
const accessToken = 'x'.repeat(700);
app.http('token', {
  route: 'api/token',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    await request.text();
    return {
      status: 200,
      jsonBody: { access_token: accessToken, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 },
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    };
  },
});
`;
