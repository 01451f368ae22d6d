import { describe, expect, it } from 'vitest';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { platformToken, withBearer } from '../support/client';
import { useCliStack } from '../support/cliStack';

const { cli, stack, admin } = useCliStack();

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
      stack().url,
      await stack().authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    );
    await withBearer(`${stack().url}/api/admin/users/${bob.id}/groups/Restricted`, admin(), {
      method: 'PUT',
    });
    const run = await cli(
      ['test-access', `--platform-api-url=${stack().url}/api`],
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
        `--platform-api-url=${stack().url}`,
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
      ['test-access', `--platform-api-url=${stack().url}`],
      {},
      approveAs('carol@contoso.test'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Token exchange REFUSED: HTTP 400 no_group/);
    expect(run.stdout).toMatch(/ignored: not_linked \(the directory has not been synchronised yet\)/);
    expect(run.stdout).toMatch(/Decision: REFUSED \(no_group\)/);
  });
});
