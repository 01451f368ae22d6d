import { describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { platformToken } from '../support/client';
import { useCliStack } from '../support/cliStack';

const { cli, stack, admin } = useCliStack();

describe('entra-bridge groups, roles, users', () => {
  it('creates, renames, lists and deletes groups with awkward names', async () => {
    const name = 'Ops/EU #1?';
    const opts = [`--platform-api-url=${stack().url}`, `--token=${admin()}`];
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
    const env = { ENTRA_BRIDGE_TOKEN: admin(), PORT: new URL(stack().url).port };
    const bob = demoUser('bob');
    await platformToken(
      stack().url,
      await stack().authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
    );
    const list = await cli(['--json', 'users', 'list', '--all', '--role', 'Analysts'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).users.map((u: { id: string }) => u.id)).toContain(bob.id);
    expect((await cli(['users', 'disable', bob.id], env)).stdout).toMatch(/DISABLED/);
    expect((await cli(['users', 'enable', bob.id], env)).stdout).not.toMatch(/DISABLED/);
    expect((await cli(['users', 'add-role', bob.id, 'Services'], env)).stdout).toMatch(/roles=\[.*Services/);
  });

  it('refuses clearly without a token and for a non-admin', async () => {
    const none = await cli(['users', 'list', `--platform-api-url=${stack().url}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/administrator platform token is required/);
    const bobToken = await platformToken(
      stack().url,
      await stack().authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } }),
    );
    const forbidden = await cli([
      'roles',
      'list',
      `--platform-api-url=${stack().url}`,
      `--token=${bobToken}`,
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/HTTP 403 not_admin/);
  });
});
