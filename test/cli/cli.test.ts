import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { platformToken, withBearer } from '../support/client';
import { runCli } from '../support/runCli';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let admin: string;
const cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-cli-'));
const cli = (
  args: string[],
  settings: Record<string, string | undefined> = {},
  onOutput?: (text: string, child: ChildProcess) => void,
) => runCli(stack, cwd, args, settings, onOutput);

beforeAll(async () => {
  // Members of the demo admin group (by OID: device-code tokens carry OIDs) are administrators.
  stack = await startStack({ settings: { OAUTH_ADMIN_ROLE_NAME: DEMO_TENANT.groups[0]?.id } });
  admin = await platformToken(
    stack.url,
    await stack.authority.userToken({
      user: demoUser('alice'),
      overrides: { isPlatformAdmin: 'is_admin', groups: [] },
    }),
  );
});
afterAll(async () => {
  await stack?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

/** Approves the device code the CLI printed, over HTTP, as the user would in a browser. */
function approveAs(username: string) {
  let approved = false;
  return (text: string) => {
    const match = /enter the code (\S+)/.exec(text);
    const url = /open (https:\/\/\S+)/.exec(text)?.[1];
    if (!match?.[1] || !url || approved) return;
    approved = true;
    void fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: match[1], username, password: 'demo' }),
    });
  };
}

describe('entra-bridge test-access (device code flow)', () => {
  it('signs in, exchanges, and prints the mapped profile with what was ignored and why', async () => {
    // Device-code tokens carry group OIDs; with no synchronised directory bob keeps access
    // through a manual assignment — the report says why the OIDs themselves gave nothing.
    const bob = demoUser('bob');
    await platformToken(
      stack.url,
      await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    );
    await withBearer(`${stack.url}/api/admin/users/${bob.id}/groups/Restricted`, admin, { method: 'PUT' });
    const run = await cli(
      ['test-access', `--platform-api-url=${stack.url}/api`],
      {},
      approveAs('bob@contoso.test'),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/enter the code \S+/);
    expect(run.stdout).toContain('Signed in as Bob Analyst <bob@contoso.test>');
    expect(run.stdout).toMatch(/groups: .*Restricted/);
    expect(run.stdout).toContain(`"${DEMO_TENANT.groups[1]?.id}"`);
    expect(run.stdout).toMatch(/Why \(local explain with these settings\)/);
    expect(run.stdout).toMatch(/Entra access token: \d+ s/);
    expect(run.stdout).toMatch(/Platform token: +\d+ s/);
  });

  it('--json: the prompt goes to stderr, the report to stdout; an admin gets the explain endpoint', async () => {
    const run = await cli(
      [
        '--json',
        'test-access',
        `--client-application-id=${demoClient('cli').appId}`,
        `--platform-api-url=${stack.url}`,
      ],
      {},
      approveAs('alice@contoso.test'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/enter the code/);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      exchange: { ok: true },
      profile: { id: demoUser('alice').id, isAdmin: true },
      explainedBy: 'admin_api',
      explanation: { outcome: { wouldIssue: true }, admin: { reason: 'admin_group' } },
    });
  });

  it('exits 1 and explains a refusal (no platform group)', async () => {
    const run = await cli(
      ['test-access', `--platform-api-url=${stack.url}`],
      {},
      approveAs('carol@contoso.test'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Token exchange REFUSED: HTTP 400 no_group/);
    expect(run.stdout).toMatch(/ignored: not_linked \(the directory has not been synchronised yet\)/);
    expect(run.stdout).toMatch(/Decision: REFUSED \(no_group\)/);
  });
});

describe('entra-bridge config check', () => {
  it('passes on the demo settings apart from documented warnings', async () => {
    const keys = await demoSigningKeys();
    const run = await cli(['config', 'check'], { BRIDGE_SIGNING_KEYS: keys });
    expect(run.stdout).toMatch(/0 error\(s\)/);
    expect(run.stdout).toMatch(/ok +discovery_v2\.0/);
    expect(run.stdout).toMatch(/ok +storage/);
    expect(run.stdout).toMatch(/ok +graph: Graph reachable/);
    // The demo authority is plain https on loopback: no warnings are left.
    expect(run.code).toBe(0);
  });

  const broken: [string, Record<string, string | undefined>, string, RegExp][] = [
    ['tenant not a GUID', { OAUTH_TENANT_ID: 'contoso' }, 'OAUTH_TENANT_ID', /expected a GUID/],
    [
      'application ID missing',
      { OAUTH_APPLICATION_ID: undefined },
      'OAUTH_APPLICATION_ID',
      /required when OAUTH_ENABLED=true/,
    ],
    [
      'client list with a non-GUID',
      { OAUTH_CLIENT_APPLICATION_IDS: 'web-app' },
      'OAUTH_CLIENT_APPLICATION_IDS',
      /not a GUID: "web-app"/,
    ],
    [
      'empty client allow-list',
      { OAUTH_CLIENT_APPLICATION_IDS: '' },
      'OAUTH_CLIENT_APPLICATION_IDS',
      /no client application may exchange/,
    ],
    [
      'http authority off loopback',
      { OAUTH_AUTHORITY_HOST: 'http://login.example.com' },
      'OAUTH_AUTHORITY_HOST',
      /plain http is accepted for loopback hosts only/,
    ],
    [
      'unreachable authority',
      { OAUTH_AUTHORITY_HOST: 'https://127.0.0.1:9' },
      'OAUTH_AUTHORITY_HOST',
      /discovery document or key set .* not usable/,
    ],
    [
      'unknown tenant',
      { OAUTH_TENANT_ID: '00000000-0000-4000-8000-000000000000' },
      'OAUTH_AUTHORITY_HOST',
      /tenant 00000000-0000-4000-8000-000000000000 .* not usable/,
    ],
    [
      'missing default group',
      { EXTERNAL_AUTH_DEFAULT_GROUPS: 'Restricted,Ghosts' },
      'EXTERNAL_AUTH_DEFAULT_GROUPS',
      /default group "Ghosts" does not exist/,
    ],
    [
      'missing default role',
      { EXTERNAL_AUTH_DEFAULT_ROLES: '["Auditors"]' },
      'EXTERNAL_AUTH_DEFAULT_ROLES',
      /default role "Auditors" does not exist/,
    ],
    [
      'storage unreachable',
      {
        TABLES_CONNECTION:
          'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;',
      },
      'TABLES_CONNECTION',
      /Table Storage not reachable/,
    ],
    [
      'malformed signing keys',
      { BRIDGE_SIGNING_KEYS: '{not json' },
      'BRIDGE_SIGNING_KEYS',
      /JSON Web Key Set/,
    ],
    ['Graph secret wrong', { AZURE_CLIENT_SECRET: 'wrong' }, 'AZURE_CLIENT_ID', /No Graph token/],
    [
      'Graph permission missing',
      { AZURE_CLIENT_ID: demoClient('daemon').appId, AZURE_CLIENT_SECRET: demoClient('daemon').secret ?? '' },
      'graph',
      /grant the application permission GroupMember\.Read\.All/,
    ],
    ['boolean not a boolean', { OAUTH_ENABLED: 'yes' }, 'OAUTH_ENABLED', /expected true or false/],
    [
      'unknown token version',
      { OAUTH_ACCEPTED_TOKEN_VERSIONS: '3.0' },
      'OAUTH_ACCEPTED_TOKEN_VERSIONS',
      /1\.0, 2\.0 or both/,
    ],
    ['bad sync schedule', { GRAPH_SYNC_SCHEDULE: 'every 5 minutes' }, 'GRAPH_SYNC_SCHEDULE', /NCRONTAB/],
  ];
  it.each(broken)('fails precisely on %s', async (_kind, settings, setting, message) => {
    const run = await cli(['--json', 'config', 'check'], settings);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      findings: { level: string; setting?: string; check: string; message: string }[];
    };
    const errors = report.findings.filter((f) => f.level === 'error');
    expect(errors).toContainEqual(expect.objectContaining({ message: expect.stringMatching(message) }));
    expect(errors.some((f) => f.setting === setting || f.check === setting)).toBe(true);
  });

  it('exits 2 when only warnings remain (case-insensitive matching, no signing keys)', async () => {
    const run = await cli(['config', 'check'], { EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING: 'false' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/WARN +case_matching \[EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING\]/);
    expect(run.stdout).toMatch(/WARN +signing_keys \[BRIDGE_SIGNING_KEYS\]/);
  });
});

describe('entra-bridge groups, roles, users', () => {
  it('creates, renames, lists and deletes groups with awkward names', async () => {
    const name = 'Ops/EU #1?';
    const opts = [`--platform-api-url=${stack.url}`, `--token=${admin}`];
    expect((await cli(['groups', 'create', name, '--description', 'ops', ...opts])).code).toBe(0);
    expect((await cli(['groups', 'rename', name, 'Ops/EU "Ünï"', ...opts])).code).toBe(0);
    const list = await cli(['--json', 'groups', 'list', ...opts]);
    expect(JSON.parse(list.stdout).map((g: { name: string }) => g.name)).toContain('Ops/EU "Ünï"');
    expect((await cli(['groups', 'delete', 'Ops/EU "Ünï"', ...opts])).code).toBe(0);
    const again = await cli(['groups', 'delete', 'Ops/EU "Ünï"', ...opts]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/HTTP 404 group_not_found/);
  });

  it('lists, disables and enables users with the token from ENTRA_BRIDGE_TOKEN', async () => {
    const env = { ENTRA_BRIDGE_TOKEN: admin, PORT: new URL(stack.url).port };
    const bob = demoUser('bob');
    await platformToken(
      stack.url,
      await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    );
    const list = await cli(['--json', 'users', 'list', '--all', '--role', 'Analysts'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).users.map((u: { id: string }) => u.id)).toContain(bob.id);
    expect((await cli(['users', 'disable', bob.id], env)).stdout).toMatch(/DISABLED/);
    expect((await cli(['users', 'enable', bob.id], env)).stdout).not.toMatch(/DISABLED/);
    expect((await cli(['users', 'add-role', bob.id, 'Services'], env)).stdout).toMatch(/roles=\[.*Services/);
  });

  it('provisions one user, then several from a CSV, and reports the rows that fail', async () => {
    const env = { ENTRA_BRIDGE_TOKEN: admin, PORT: new URL(stack.url).port };
    const one = await cli(
      ['users', 'provision', 'pre-1', '--email', 'pre1@contoso.test', '--group', 'Analysts'],
      env,
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/pre-1\tpre1@contoso.test/);
    const file = join(cwd, 'users.csv');
    writeFileSync(
      file,
      'id,email,firstName,lastName,groups\npre-2,pre2@contoso.test,"Ann, Jr",Lee,Analysts;Restricted\npre-3,,,,No such group\n',
    );
    const many = await cli(['--json', 'users', 'provision', '--csv', file], env);
    expect(many.code).toBe(1);
    const result = JSON.parse(many.stdout);
    expect(result.provisioned).toEqual([
      expect.objectContaining({
        id: 'pre-2',
        firstName: 'Ann, Jr',
        manualGroups: ['Analysts', 'Restricted'],
      }),
    ]);
    expect(result.failed).toEqual([expect.objectContaining({ id: 'pre-3' })]);
    const got = await withBearer(`${stack.url}/api/admin/users/pre-2`, admin);
    expect(got.body).toMatchObject({ email: 'pre2@contoso.test', lastName: 'Lee' });
    const audit = await cli(
      ['--json', 'audit', 'list', '--all', '--top', '1', '--action', 'user.provision'],
      env,
    );
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout).entries.map((e: { targetId: string }) => e.targetId)).toEqual([
      'pre-1',
      'pre-2',
    ]);
    expect((await cli(['audit', 'list', '--action', 'user.provision'], env)).stdout).toMatch(
      /user\.provision\tuser:pre-1/,
    );
  });

  it('refuses clearly without a token and for a non-admin', async () => {
    const none = await cli(['users', 'list', `--platform-api-url=${stack.url}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/administrator platform token is required/);
    const bobToken = await platformToken(
      stack.url,
      await stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
    );
    const forbidden = await cli(['roles', 'list', `--platform-api-url=${stack.url}`, `--token=${bobToken}`]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/HTTP 403 not_admin/);
  });

  it('has --help on every command', async () => {
    for (const args of [
      [],
      ['test-access'],
      ['config', 'check'],
      ['groups', 'rename'],
      ['users', 'list'],
      ['explain'],
      ['keys', 'generate'],
      ['keys', 'rotate'],
      ['token', 'inspect'],
    ]) {
      const run = await cli([...args, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: entra-bridge/);
    }
  });
});

describe('entra-bridge token inspect', () => {
  const daemon = demoClient('daemon');
  const asService = {
    ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID: daemon.appId,
    ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET: daemon.secret ?? '',
  };
  const bobToken = async () =>
    platformToken(
      stack.url,
      await stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
    );

  it('prints what /api/introspect says of an active token (client credentials of a service)', async () => {
    const run = await cli(
      ['token', 'inspect', await bobToken(), `--platform-api-url=${stack.url}`],
      asService,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`active: ${demoUser('bob').id} (client ${demoClient('web').appId})`);
    expect(run.stdout).toMatch(/groups +\[.*"Analysts"/);
    const json = await cli(
      ['--json', 'token', 'inspect', await bobToken(), `--platform-api-url=${stack.url}`],
      asService,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      active: true,
      sub: demoUser('bob').id,
      token_type: 'Bearer',
    });
  });

  it('exits 1 for an inactive token', async () => {
    const token = await bobToken();
    const run = await cli(
      ['token', 'inspect', `${token.slice(0, -4)}AAAA`, `--platform-api-url=${stack.url}`],
      asService,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^inactive/);
  });

  it('says which client settings it needs, and reports a client without the app role', async () => {
    const none = await cli(['token', 'inspect', 'x', `--platform-api-url=${stack.url}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID .*Tokens\.Introspect|Tokens\.Introspect.*ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID/,
    );
    // The web client is allowed to call but holds no introspection role.
    const web = demoClient('web');
    const denied = await cli(['token', 'inspect', await bobToken(), `--platform-api-url=${stack.url}`], {
      ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID: web.appId,
      ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET: web.secret ?? '',
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/HTTP 403 missing_introspection_role/);
  });
});

async function demoSigningKeys(): Promise<string> {
  const { exportJWK, generateKeyPair } = await import('jose');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'k1' }] });
}
