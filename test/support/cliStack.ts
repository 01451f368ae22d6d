import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_TENANT, demoUser } from '../../dev/demoTenant';
import { platformToken } from './client';
import { runCli } from './runCli';
import { type Stack, startStack } from './stack';

/**
 * The local stack the `entra-bridge` command runs against, started before a file's tests:
 * members of the demo admin group are administrators (by OID: device-code tokens carry
 * OIDs), alice holds an administrator's platform token, and the command runs in a scratch
 * folder removed afterwards.
 */
export function useCliStack() {
  let stack: Stack;
  let admin = '';
  const cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-cli-'));
  beforeAll(async () => {
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
  return {
    cwd,
    stack: () => stack,
    admin: () => admin,
    /** Runs the command with the stack's app settings, `settings` over them. */
    cli: (
      args: string[],
      settings: Record<string, string | undefined> = {},
      onOutput?: (text: string, child: ChildProcess) => void,
    ) => runCli(stack, cwd, args, settings, onOutput),
  };
}
