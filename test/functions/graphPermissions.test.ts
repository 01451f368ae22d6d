import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { platformToken, withBearer } from '../support/client';
import { runCli } from '../support/runCli';
import { type Stack, startStack } from '../support/stack';

/**
 * The bridge's Graph credential without `User.Read.All` (an administrator granted only the
 * group permission): the sync still runs, says it did not follow users, and `config check`
 * names the missing permission and what it costs.
 */
let stack: Stack;
let admin: string;
let cwd: string;

beforeAll(async () => {
  stack = await startStack();
  // The authority issues the bridge's Graph token from the live tenant: no token has been asked for yet.
  const reader = stack.tenant.clients.find((c) => c.graphAppRoles.includes('User.Read.All'));
  if (!reader) throw new Error('no Graph reader client in the demo tenant');
  reader.graphAppRoles = reader.graphAppRoles.filter((role) => role !== 'User.Read.All');
  admin = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: demoUser('carol'), overrides: { isPlatformAdmin: 'is_admin' } }),
  );
  cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-permissions-'));
});
afterAll(async () => {
  await stack?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe('Graph credential without User.Read.All', () => {
  it('syncs the groups and reports that users were not followed', async () => {
    const run = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ outcome: 'succeeded', usersFollowed: false, accountsSeen: 0 });
    expect(Number(run.body.groupsSeen)).toBeGreaterThan(0);
    const status = await withBearer(`${stack.url}/api/admin/directory`, admin);
    expect(status.body).toMatchObject({ lastRun: { usersFollowed: false } });
  });

  it('config check names the missing permission and what it costs', async () => {
    const run = await runCli(stack, cwd, ['config', 'check']);
    expect(run.stdout).toMatch(/0 error\(s\)/);
    expect(run.stdout).toMatch(
      /graph_permissions: no User\.Read\.All: the directory sync does not follow leavers/,
    );
    expect(run.stdout).toMatch(/User\.Read\.All\): group overage .* cannot be resolved/);
    expect(run.code).toBe(2);
  });
});
