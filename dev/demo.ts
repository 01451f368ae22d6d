import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { DEMO_TENANT, demoClient } from './demoTenant';
import { trustingFetch } from './tls';

const ROOT = resolve(__dirname, '../..');
const LOCAL = join(ROOT, '.local');

/**
 * `npm run demo` (while `npm start` runs): what a client application does. Signs in a demo
 * user at the local Entra authority (ROPC, for brevity; real apps use auth code or device
 * code), exchanges the Entra access token at /api/token (RFC 8693) and calls /api/me with
 * the platform token.
 */
async function main(): Promise<void> {
  const stackFile = join(LOCAL, 'stack.json');
  if (!existsSync(stackFile)) throw new Error('Start the local stack first: npm start');
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as { api: string; authority: string };
  const username = process.argv[2] ?? 'bob@contoso.test';
  const authorityFetch = trustingFetch(readFileSync(join(LOCAL, 'ca.pem'), 'utf8'));

  const entra = await json(
    authorityFetch(`${stack.authority}/${DEMO_TENANT.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: demoClient('cli').appId,
        username,
        password: 'demo',
        scope: `${DEMO_TENANT.apiAppIdUri}/${DEMO_TENANT.apiScope}`,
      }).toString(),
    }),
  );
  const entraToken = String(entra.access_token);
  show(`1. Entra access token for ${username} (claims)`, decodeJwt(entraToken));

  const exchanged = await json(
    fetch(`${stack.api}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: entraToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      }).toString(),
    }),
  );
  if (!exchanged.access_token) {
    show('2. POST /api/token refused the exchange', exchanged);
    process.exitCode = 1;
    return;
  }
  show('2. POST /api/token answered', { ...exchanged, access_token: '…' });
  show('   platform token (claims)', decodeJwt(String(exchanged.access_token)));
  const me = await json(
    fetch(`${stack.api}/me`, { headers: { authorization: `Bearer ${exchanged.access_token}` } }),
  );
  show('3. GET /api/me with the platform token', me);
}

async function json(response: Promise<Response>): Promise<Record<string, unknown>> {
  return (await (await response).json()) as Record<string, unknown>;
}

function show(title: string, value: unknown): void {
  process.stdout.write(`\n${title}\n${JSON.stringify(value, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
