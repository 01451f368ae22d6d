import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './stack';

/**
 * A throw-away function app with one `POST /api/token` function that does no work: it reads
 * the body and answers a token-sized JSON with the bridge's headers. On the same host and
 * host.json as the bridge, it shows what the programming model itself costs per request
 * (body → HttpRequest, HttpResponse → RPC, invocation bookkeeping): the ceiling of any
 * function on this host, against which the bridge's own work can be told apart.
 */
export function createNoopApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-bench-noop-'));
  mkdirSync(join(dir, 'functions'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'noop', private: true, main: 'functions/*.js' }, null, 2),
  );
  writeFileSync(join(dir, 'host.json'), readFileSync(join(REPO_ROOT, 'host.json')));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
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
