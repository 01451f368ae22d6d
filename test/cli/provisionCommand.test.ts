import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withBearer } from '../support/client';
import { useCliStack } from '../support/cliStack';

const { cli, cwd, stack, admin } = useCliStack();

describe('entra-bridge users provision, audit list', () => {
  it('provisions one user, then several from a CSV, and reports the rows that fail', async () => {
    const env = { ENTRA_BRIDGE_TOKEN: admin(), PORT: new URL(stack().url).port };
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
    const got = await withBearer(`${stack().url}/api/admin/users/pre-2`, admin());
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
});
