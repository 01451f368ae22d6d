import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS } from '../../dev/demoTenant';
import { call, withBearer, adminPlatformToken } from '../support/client';
import { runCli } from '../support/runCli';
import { type Stack, startStack } from '../support/stack';

/**
 * A deployment upgraded from a release that matched display names: its platform groups are
 * named like Entra groups but not linked, and OAUTH_ADMIN_ROLE_NAME is a group's name. Access
 * is not lost silently: the start-up log, /api/health and `config check` name each of them.
 */
let stack: Stack;
const cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-upgrade-'));

beforeAll(async () => {
  stack = await startStack({
    catalog: { groups: ['Restricted', 'Analysts', 'platform-readers', 'Standalone'], roles: ['Analysts'] },
    settings: { OAUTH_ADMIN_ROLE_NAME: 'PlatformAdminsGroup' },
  });
  const admin = await adminPlatformToken(stack);
  await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  await stack.restartHost(); // "the first start after the upgrade"
});
afterAll(async () => {
  await stack?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('upgrade from display-name matching', () => {
  it('logs at start which platform entries would have matched by name, with the command to link them', async () => {
    let logs = '';
    for (let i = 0; i < 50 && !logs.includes('not linked'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      logs = stack.logs();
    }
    expect(logs).toMatch(/5 platform mapping\(s\) look like Entra groups but are not linked/);
    expect(logs).toContain('entra-bridge groups link --same-names');
    expect(logs).toMatch(
      new RegExp(
        `platform group "Restricted" is not linked to Entra group "Restricted" \\(${DEMO_GROUPS.restricted.id}\\)`,
      ),
    );
    expect(logs).toMatch(/platform group "platform-readers" is not linked to Entra group "Platform Readers"/);
    expect(logs).toMatch(/platform role "Analysts"/);
    expect(logs).toMatch(/OAUTH_ADMIN_ROLE_NAME "PlatformAdminsGroup" is the name of Entra group/);
    expect(logs).not.toMatch(/"Standalone"/);
  });

  it('says so in /api/health, as a warning that keeps the instance healthy', async () => {
    const health = await call(`${stack.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: {
        mapping: {
          ok: false,
          unlinkedLookAlikes: expect.arrayContaining([
            'group:Restricted',
            'role:Analysts',
            'OAUTH_ADMIN_ROLE_NAME',
          ]),
          fix: expect.stringContaining('--same-names'),
        },
      },
    });
  });

  it('lists them as warnings in config check (exit 2)', async () => {
    const run = await runCli(stack, cwd, ['config', 'check']);
    expect(run.stdout).toMatch(/WARN +mapping.*platform group "Analysts" is not linked/);
    expect(run.stdout).toMatch(/WARN +mapping \[OAUTH_ADMIN_ROLE_NAME\]/);
  });
});
