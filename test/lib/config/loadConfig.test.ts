import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { ConfigError } from '../../../src/lib/errors';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const APP = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const base = { OAUTH_ENABLED: 'true', OAUTH_TENANT_ID: TENANT, OAUTH_APPLICATION_ID: APP };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config.claims).toEqual({
      userId: 'oid',
      email: ['email'],
      firstName: 'given_name',
      lastName: 'family_name',
      groups: 'groups',
      roles: 'groups',
      isAdmin: 'isPlatformAdmin',
    });
    expect(config.adminRoleName).toBe('PlatformAdminsGroup');
    expect(config.clientApplicationIds.size).toBe(0);
    expect(config.caseSensitiveMatching).toBe(true);
    expect(config.logErrors).toBe(false);
    expect(config.authorityHost).toBe('https://login.microsoftonline.com');
    expect(config.acceptedTokenVersions).toEqual(['1.0', '2.0']);
    expect(config.allowAppOnlyTokens).toBe(true);
    expect(config.clockSkewSeconds).toBe(300);
    expect(config.bridge.audience).toBe('platform');
    expect(config.bridge.tokenLifetimeSeconds).toBe(900);
    expect(config.bridge.introspectionAppRole).toBe('Tokens.Introspect');
    expect(config.bridge.issuer).toBe('http://127.0.0.1:7071/api');
    expect(config.graph).toEqual({
      baseUrl: 'https://graph.microsoft.com',
      syncSchedule: '0 */15 * * * *',
      overageCacheSeconds: 300,
      groupMembershipClaims: 'SecurityGroup',
    });
    expect(config.storage.connectionString).toBe('UseDevelopmentStorage=true');
    expect(config.acceptedAudiences).toEqual([APP, `api://${APP}`]);
  });

  it('is off by default and then needs no tenant', () => {
    expect(loadConfig({}).oauthEnabled).toBe(false);
  });

  it('reads lists as JSON arrays or comma-separated strings, booleans in any case', () => {
    const client = '2a7e3b5d-4c6f-4e8a-9b0c-1d2e3f4a5b6c';
    expect([
      ...loadConfig({ ...base, OAUTH_CLIENT_APPLICATION_IDS: `["${client}"]` }).clientApplicationIds,
    ]).toEqual([client]);
    expect(loadConfig({ ...base, EXTERNAL_AUTH_DEFAULT_GROUPS: ' a, b ,,c' }).defaultGroups).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(
      loadConfig({ ...base, EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING: 'FALSE' }).caseSensitiveMatching,
    ).toBe(false);
    expect(loadConfig({ ...base, OAUTH_USER_EMAIL_CLAIM: 'email,preferred_username' }).claims.email).toEqual([
      'email',
      'preferred_username',
    ]);
  });

  it('derives Graph from sovereign authority hosts', () => {
    expect(
      loadConfig({ ...base, OAUTH_AUTHORITY_HOST: 'https://login.chinacloudapi.cn' }).graph.baseUrl,
    ).toBe('https://microsoftgraph.chinacloudapi.cn');
    expect(
      loadConfig({ ...base, OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.us/' }).graph.baseUrl,
    ).toBe('https://graph.microsoft.us');
  });

  it.each([
    [{ OAUTH_TENANT_ID: 'contoso' }, 'OAUTH_TENANT_ID'],
    [{ OAUTH_TENANT_ID: '' }, 'OAUTH_TENANT_ID'],
    [{ OAUTH_APPLICATION_ID: '６e74172b-be56-4843-9ff4-e66a39bb12e3' }, 'OAUTH_APPLICATION_ID'],
    [{ OAUTH_ENABLED: 'yes' }, 'OAUTH_ENABLED'],
    [{ OAUTH_CLIENT_APPLICATION_IDS: 'not-a-guid' }, 'OAUTH_CLIENT_APPLICATION_IDS'],
    [{ OAUTH_CLIENT_APPLICATION_IDS: '[1,2]' }, 'OAUTH_CLIENT_APPLICATION_IDS'],
    [{ OAUTH_AUTHORITY_HOST: 'http://login.example.com' }, 'OAUTH_AUTHORITY_HOST'],
    [{ OAUTH_AUTHORITY_HOST: 'ftp://x' }, 'OAUTH_AUTHORITY_HOST'],
    [{ OAUTH_ACCEPTED_TOKEN_VERSIONS: '3.0' }, 'OAUTH_ACCEPTED_TOKEN_VERSIONS'],
    [{ OAUTH_CLOCK_SKEW_SECONDS: '-1' }, 'OAUTH_CLOCK_SKEW_SECONDS'],
    [{ BRIDGE_TOKEN_LIFETIME_SECONDS: '10' }, 'BRIDGE_TOKEN_LIFETIME_SECONDS'],
    [{ GRAPH_SYNC_SCHEDULE: '*/5 * * * *' }, 'GRAPH_SYNC_SCHEDULE'],
    [{ OAUTH_USER_ID_CLAIM: 'bad claim' }, 'OAUTH_USER_ID_CLAIM'],
    [{ GRAPH_BASE_URL: 'http://graph.example.com' }, 'GRAPH_BASE_URL'],
    [{ OAUTH_APPLICATION_ID_URI: 'not a uri' }, 'OAUTH_APPLICATION_ID_URI'],
  ])('names the setting in error for %o', (override, name) => {
    const problems = problemsOf({ ...base, ...override });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('accepts plain http only for loopback hosts', () => {
    expect(loadConfig({ ...base, OAUTH_AUTHORITY_HOST: 'http://127.0.0.1:9000' }).authorityHost).toBe(
      'http://127.0.0.1:9000',
    );
    expect(loadConfig({ ...base, OAUTH_AUTHORITY_HOST: 'http://localhost:9000' }).authorityHost).toBe(
      'http://localhost:9000',
    );
  });

  it('reports every problem at once and never echoes a secret', () => {
    const problems = problemsOf({
      ...base,
      OAUTH_TENANT_ID: 'x',
      OAUTH_ENABLED: 'maybe',
      BRIDGE_SIGNING_KEYS: '',
      TABLES_CONNECTION__tableServiceUri: 'http://secret.example.com',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['OAUTH_ENABLED', 'OAUTH_TENANT_ID', 'TABLES_CONNECTION__tableServiceUri']),
    );
    expect(problems.join('\n')).not.toContain('secret.example.com');
  });

  it('requires signing keys in Azure', () => {
    expect(problemsOf({ ...base, WEBSITE_INSTANCE_ID: 'abc' })[0]).toMatch(/^BRIDGE_SIGNING_KEYS: /);
  });

  it('returns a frozen object', () => {
    const config = loadConfig(base);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.claims)).toBe(true);
  });
});
