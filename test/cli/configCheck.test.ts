import { describe, expect, it } from 'vitest';
import { demoClient } from '../../dev/demoTenant';
import { useCliStack } from '../support/cliStack';

const { cli } = useCliStack();

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

async function demoSigningKeys(): Promise<string> {
  const { exportJWK, generateKeyPair } = await import('jose');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'k1' }] });
}
