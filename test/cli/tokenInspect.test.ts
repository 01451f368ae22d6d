import { describe, expect, it } from 'vitest';
import { demoClient, demoUser } from '../../dev/demoTenant';
import { platformToken } from '../support/client';
import { useCliStack } from '../support/cliStack';

const { cli, stack } = useCliStack();

describe('entra-bridge token inspect', () => {
  const daemon = demoClient('daemon');
  const asService = {
    ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID: daemon.appId,
    ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET: daemon.secret ?? '',
  };
  const bobToken = async () =>
    platformToken(
      stack().url,
      await stack().authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
    );

  it('prints what /api/introspect says of an active token (client credentials of a service)', async () => {
    const run = await cli(
      ['token', 'inspect', await bobToken(), `--platform-api-url=${stack().url}`],
      asService,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`active: ${demoUser('bob').id} (client ${demoClient('web').appId})`);
    expect(run.stdout).toMatch(/groups +\[.*"Analysts"/);
    const json = await cli(
      ['--json', 'token', 'inspect', await bobToken(), `--platform-api-url=${stack().url}`],
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
      ['token', 'inspect', `${token.slice(0, -4)}AAAA`, `--platform-api-url=${stack().url}`],
      asService,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^inactive/);
  });

  it('says which client settings it needs, and reports a client without the app role', async () => {
    const none = await cli(['token', 'inspect', 'x', `--platform-api-url=${stack().url}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID .*Tokens\.Introspect|Tokens\.Introspect.*ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID/,
    );
    // The web client is allowed to call but holds no introspection role.
    const web = demoClient('web');
    const denied = await cli(['token', 'inspect', await bobToken(), `--platform-api-url=${stack().url}`], {
      ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID: web.appId,
      ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET: web.secret ?? '',
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/HTTP 403 missing_introspection_role/);
  });
});
