import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCatalogStore } from '../src/lib/catalog/catalogStore';
import { generateSigningKeySet } from '../src/lib/platform/signingKeys';
import { createTables } from '../src/lib/storage/tables';
import { startAzuriteTables } from './azurite';
import { DEMO_CATALOG, demoSettings, seedCatalog } from './demoSettings';
import { DEMO_TENANT, demoClient } from './demoTenant';
import { type LocalIdentity, startLocalIdentity } from './localIdentity';
import { portOr } from './portOr';
import { createDevCa, issueServerCert } from './tls';

const ROOT = resolve(__dirname, '../..');
const LOCAL = join(ROOT, '.local');

/**
 * `npm start`: the whole product on one machine. Starts what the settings do not already
 * provide — Azurite's table service, the local Entra authority and Graph directory over TLS
 * (CA made here, trusted by the host through NODE_EXTRA_CA_CERTS) — then the Functions
 * app in the local host, and prints what to run next. Settings from the environment win,
 * then local.settings.json, then the demo defaults.
 */
async function main(): Promise<void> {
  mkdirSync(LOCAL, { recursive: true });
  const given = { ...readLocalSettings(), ...definedEnv() };
  const port = Number(given.PORT ?? 7071);
  const demo: Record<string, string> = {};
  const stops: Array<() => Promise<void>> = [];

  let tablesConnection = given.TABLES_CONNECTION ?? given.AzureWebJobsStorage;
  if (!tablesConnection && !given.TABLES_CONNECTION__tableServiceUri) {
    mkdirSync(join(LOCAL, 'azurite'), { recursive: true });
    const azurite = await startAzuriteTables({ port: await portOr(10002), location: join(LOCAL, 'azurite') });
    stops.push(azurite.stop);
    tablesConnection = azurite.connectionString;
    demo.TABLES_CONNECTION = tablesConnection;
    log(`Azurite tables      http://127.0.0.1:${azurite.port} (data in .local/azurite)`);
  }

  let identity: LocalIdentity | undefined;
  let caPath: string | undefined;
  if (!given.OAUTH_AUTHORITY_HOST) {
    const ca = await createDevCa();
    caPath = join(LOCAL, 'ca.pem');
    writeFileSync(caPath, ca.certPem);
    identity = await startLocalIdentity({
      tls: await issueServerCert(ca),
      authorityPort: await portOr(7072),
      authorityBrowserPort: await portOr(7074),
      graphPort: await portOr(7073),
    });
    stops.push(identity.close);
    Object.assign(
      demo,
      demoSettings({
        authorityUrl: identity.authority.url,
        graphUrl: identity.graph.url,
        tablesConnection: tablesConnection ?? '',
        port,
        browserAuthorityUrl: identity.authority.browserUrl,
      }),
    );
    log(
      `Local Entra ID      ${identity.authority.url} (tenant ${DEMO_TENANT.tenantId}, users alice/bob/carol@contoso.test, password "demo")`,
    );
    log(`Local Graph         ${identity.graph.url}`);
    log(
      `Sign-in for browsers ${identity.authority.browserUrl} (plain http on loopback: no certificate warning)`,
    );
  }
  if (!given.BRIDGE_SIGNING_KEYS) demo.BRIDGE_SIGNING_KEYS = await localSigningKeys();

  const hostEnv: Record<string, string | undefined> = { ...withoutKeys(demo, given), ...process.env };
  if (caPath) hostEnv.NODE_EXTRA_CA_CERTS = caPath;
  if (identity && tablesConnection) await seedDemoCatalog(tablesConnection, given.BRIDGE_TABLE_PREFIX);

  const host = spawn(
    process.execPath,
    [require.resolve('@entra-bridge/functions-host/main'), '--app-dir', ROOT, '--port', String(port)],
    {
      cwd: ROOT,
      env: hostEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await waitForHost(host);
  if (identity) {
    await runDirectorySync(port);
    const stack = {
      api: `http://127.0.0.1:${port}/api`,
      authority: identity.authority.url,
      graph: identity.graph.url,
    };
    writeFileSync(join(LOCAL, 'stack.json'), JSON.stringify(stack, null, 2));
  }
  printNextSteps(port, identity);

  const shutdown = async () => {
    host.kill('SIGTERM');
    await Promise.allSettled(stops.map((stop) => stop()));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  host.once('exit', (code) => {
    log(`The Functions host exited (${code}).`);
    void Promise.allSettled(stops.map((stop) => stop())).then(() => process.exit(code ?? 1));
  });
}

function waitForHost(host: ChildProcess): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let started = false;
    host.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (!started && chunk.toString().includes('Host started on')) {
        started = true;
        resolvePromise();
      }
    });
    host.once(
      'exit',
      (code) => started || reject(new Error(`the Functions host exited during start-up (${code})`)),
    );
  });
}

/** Runs the directory sync once so that group OIDs map to names from the first exchange on. */
async function runDirectorySync(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/admin/functions/directorySync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"input":""}',
  }).catch(() => undefined);
  if (response?.status !== 202) log('Note: could not run the directory sync at start-up.');
}

async function seedDemoCatalog(connectionString: string, prefix = 'bridge'): Promise<void> {
  const catalog = createCatalogStore(
    createTables({ connectionString, tableServiceUri: undefined, tablePrefix: prefix }).catalog,
  );
  const existing = new Set((await catalog.list('group')).map((g) => g.name));
  if (existing.size > 0) return; // the operator's catalog: leave it alone
  await seedCatalog(catalog, DEMO_CATALOG, 'demo');
}

/** A signing key set kept in .local (git-ignored) so platform tokens survive a restart. */
async function localSigningKeys(): Promise<string> {
  const path = join(LOCAL, 'signing-keys.json');
  if (!existsSync(path)) writeFileSync(path, JSON.stringify(await generateSigningKeySet()), { mode: 0o600 });
  return readFileSync(path, 'utf8');
}

function readLocalSettings(): Record<string, string> {
  const path = join(ROOT, 'local.settings.json');
  if (!existsSync(path)) return {};
  const values =
    (JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, unknown> }).Values ?? {};
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

function withoutKeys(values: Record<string, string>, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => given[key] === undefined));
}

function printNextSteps(port: number, identity: LocalIdentity | undefined): void {
  const api = `http://127.0.0.1:${port}/api`;
  log('');
  log(`entra-bridge is running on ${api}`);
  log(
    `Admin console       ${api}/console/${identity ? '  (sign in as alice@contoso.test, password "demo")' : ''}`,
  );
  if (!identity) return;
  const cli = demoClient('cli').appId;
  log('');
  log('Try it from another terminal:');
  log('  npm run demo        # gets an Entra token for bob@contoso.test, exchanges it, calls /api/me');
  log('');
  log('or by hand with curl:');
  log(
    `  TOKEN=$(curl -s --cacert .local/ca.pem ${identity.authority.url}/${DEMO_TENANT.tenantId}/oauth2/v2.0/token ` +
      `-d grant_type=password -d client_id=${cli} -d username=bob@contoso.test -d password=demo ` +
      `-d scope=${DEMO_TENANT.apiAppIdUri}/${DEMO_TENANT.apiScope} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
  );
  log(
    `  curl -s ${api}/token -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange ` +
      '-d subject_token_type=urn:ietf:params:oauth:token-type:access_token -d subject_token=$TOKEN',
  );
  log('');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  process.exit(1);
});
