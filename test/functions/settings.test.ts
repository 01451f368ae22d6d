import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { call, exchange } from '../support/client';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe('settings at the edge', () => {
  it('answers 503 oauth_disabled when OAUTH_ENABLED=false, and health says so', async () => {
    await stack.restartHost({ OAUTH_ENABLED: 'false' });
    const token = await stack.authority.userToken({
      user: demoUser('bob'),
      overrides: { groups: ['Analysts'] },
    });
    const response = await exchange(stack.url, token);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({ error: 'temporarily_unavailable', reason: 'oauth_disabled' });
    expect((await call(`${stack.url}/api/health`)).body).toMatchObject({ status: 'ok', oauthEnabled: false });
    expect(await stack.count('Users')).toBe(0);
  });

  it('fails fast on invalid settings: 503 config_invalid, health names the settings without values', async () => {
    await stack.restartHost({
      OAUTH_ENABLED: 'true',
      OAUTH_TENANT_ID: 'contoso.onmicrosoft.com',
      OAUTH_CLOCK_SKEW_SECONDS: 'lots',
    });
    const response = await exchange(stack.url, 'x.y.z');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ reason: 'config_invalid' });
    const health = await call<{ checks: { config: { ok: boolean; problems: string[] } } }>(
      `${stack.url}/api/health`,
    );
    expect(health.status).toBe(503);
    expect(health.body.checks.config.ok).toBe(false);
    const problems = health.body.checks.config.problems.join('\n');
    expect(problems).toMatch(/^OAUTH_TENANT_ID: expected a GUID/m);
    expect(problems).toMatch(/^OAUTH_CLOCK_SKEW_SECONDS: /m);
    expect(problems).not.toContain('contoso.onmicrosoft.com');
    expect(stack.logs()).toContain('OAUTH_TENANT_ID');
  });

  it('enforces OAUTH_REQUIRED_SCOPES and OAUTH_ALLOW_APP_ONLY_TOKENS', async () => {
    await stack.restartHost({
      OAUTH_TENANT_ID: stack.tenant.tenantId,
      OAUTH_CLOCK_SKEW_SECONDS: undefined,
      OAUTH_REQUIRED_SCOPES: 'platform.read',
      OAUTH_ALLOW_APP_ONLY_TOKENS: 'false',
    });
    const user = await stack.authority.userToken({
      user: demoUser('bob'),
      overrides: { groups: ['Analysts'] },
    });
    expect((await exchange(stack.url, user)).body).toMatchObject({ reason: 'missing_scope' });
    const scoped = await stack.authority.userToken({
      user: demoUser('bob'),
      overrides: { groups: ['Analysts'], scp: 'access_as_user platform.read' },
    });
    expect((await exchange(stack.url, scoped)).status).toBe(200);
    const daemon = await stack.authority.appToken({
      clientAppId: stack.settings.OAUTH_CLIENT_APPLICATION_IDS?.split(',')[1] ?? '',
    });
    expect((await exchange(stack.url, daemon)).body).toMatchObject({ reason: 'app_only_not_allowed' });
  });

  it('makes one user of one person when OAUTH_USER_ID_CLAIM is an e-mail claim, and refuses invisible characters', async () => {
    await stack.restartHost({
      OAUTH_REQUIRED_SCOPES: undefined,
      OAUTH_ALLOW_APP_ONLY_TOKENS: undefined,
      OAUTH_USER_ID_CLAIM: 'email',
    });
    const as = (email: string) =>
      stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'], email } });
    const before = await stack.count('Users');
    expect((await exchange(stack.url, await as('Bob@Contoso.test'))).status).toBe(200);
    expect((await exchange(stack.url, await as(' bob@contoso.TEST'))).status).toBe(200);
    expect(await stack.count('Users')).toBe(before + 1);
    const hidden = await exchange(stack.url, await as('bob\u200b@contoso.test'));
    expect(hidden.status).toBe(400);
    expect(hidden.body).toMatchObject({ reason: 'invalid_claim' });
    expect(await stack.count('Users')).toBe(before + 1);
  });
});
