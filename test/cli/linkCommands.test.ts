import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { platformToken, withBearer, adminPlatformToken } from '../support/client';
import { runCli } from '../support/runCli';
import { type Stack, startStack } from '../support/stack';

/** `entra-bridge groups|roles link|unlink|show` against the local stack, after a directory sync. */
let stack: Stack;
let admin: string;
const cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-link-'));
const cli = (...args: string[]) => runCli(stack, cwd, args, { ENTRA_BRIDGE_TOKEN: admin });
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
const bobToken = async () =>
  claimsOf(await platformToken(stack.url, await stack.authority.userToken({ user: demoUser('bob') })));
const entry = async (kind: 'groups' | 'roles', name: string) =>
  (await withBearer(`${stack.url}/api/admin/${kind}/${encodeURIComponent(name)}`, admin)).body;

beforeAll(async () => {
  // The catalog of an older release: names equal to the Entra groups' names, no links.
  stack = await startStack({
    catalog: { groups: ['Restricted', 'Analysts', 'platform-readers', 'Ops', 'Twins'], roles: ['Analysts'] },
  });
  admin = await adminPlatformToken(stack);
  stack.graph.directory.addGroup({ displayName: 'Twins' });
  stack.graph.directory.addGroup({ displayName: 'Twins' });
  const sync = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  expect(sync.body).toMatchObject({ outcome: 'succeeded' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('entra-bridge groups link', () => {
  it('links by display name, resolved once to the object ID, and shows it by name', async () => {
    const run = await cli('groups', 'link', 'Ops', '--entra-group', 'Analysts');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`linked to Entra group "Analysts" ${DEMO_GROUPS.analysts.id}`));
    expect(await entry('groups', 'Ops')).toMatchObject({ entraGroupIds: [DEMO_GROUPS.analysts.id] });
    const show = await cli('groups', 'show', 'Ops');
    expect(show.stdout).toMatch(new RegExp(`linked: "Analysts" ${DEMO_GROUPS.analysts.id}`));
    expect((await bobToken()).groups).toEqual(['Ops']);
  });

  it('refuses an ambiguous or unknown name with the candidates, and links nothing', async () => {
    const twins = await cli('groups', 'link', 'Ops', '--entra-group', 'Twins');
    expect(twins.code).toBe(1);
    expect(twins.stderr).toMatch(/2 Entra groups are named "Twins"/);
    expect(twins.stderr.match(/"Twins" [0-9a-f-]{36}/g)).toHaveLength(2);
    const unknown = await cli('groups', 'link', 'Ops', '--entra-group', 'Analyst');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No Entra group is named "Analyst".*\n.*"Analysts"/);
    const both = await cli(
      'groups',
      'link',
      'Ops',
      '--entra-group',
      'A',
      '--entra-group-id',
      DEMO_GROUPS.restricted.id,
    );
    expect(both.code).toBe(1);
    expect(await entry('groups', 'Ops')).toMatchObject({ entraGroupIds: [DEMO_GROUPS.analysts.id] });
  });

  it('--same-names proposes the links names used to imply, and applies them only with --yes', async () => {
    const proposal = await cli('groups', 'link', '--same-names');
    expect(proposal.code).toBe(0);
    expect(proposal.stdout).toMatch(
      new RegExp(`would link group "Restricted" → Entra group "Restricted" ${DEMO_GROUPS.restricted.id}`),
    );
    expect(proposal.stdout).toMatch(/would link group "Analysts"/);
    expect(proposal.stdout).toMatch(/would link group "platform-readers" → Entra group "Platform Readers"/);
    expect(proposal.stdout).not.toMatch(/"Twins"|"Ops"/); // ambiguous, and already linked elsewhere
    expect(await entry('groups', 'Restricted')).toMatchObject({ entraGroupIds: [] });

    const applied = await cli('groups', 'link', '--same-names', '--yes');
    expect(applied.stdout).toMatch(/linked group "Restricted"/);
    expect(await entry('groups', 'Restricted')).toMatchObject({ entraGroupIds: [DEMO_GROUPS.restricted.id] });
    expect((await bobToken()).groups.sort()).toEqual(['Analysts', 'Ops', 'Restricted', 'platform-readers']);
    expect((await cli('groups', 'link', '--same-names')).stdout).toMatch(/No platform group is named like/);
  });

  it('unlinks by object ID or by the linked group name, and the grant goes from stored users', async () => {
    const bob = demoUser('bob');
    const before = await platformToken(stack.url, await stack.authority.userToken({ user: bob }));
    const run = await cli('groups', 'unlink', 'Ops', '--entra-group', 'Analysts');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 user\(s\) updated/);
    const me = await withBearer(`${stack.url}/api/me`, before);
    expect(me.body.groups).not.toContain('Ops');
    expect((await bobToken()).groups).not.toContain('Ops');
    const none = await cli('groups', 'unlink', 'Ops', '--entra-group-id', DEMO_GROUPS.analysts.id);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No linked Entra group matches/);
  });

  it('does the same for roles', async () => {
    const run = await cli(
      'roles',
      'link',
      'Analysts',
      '--entra-group-id',
      DEMO_GROUPS.analysts.id.toUpperCase(),
    );
    expect(run.code).toBe(0);
    expect(await entry('roles', 'Analysts')).toMatchObject({ entraGroupIds: [DEMO_GROUPS.analysts.id] });
    expect((await bobToken()).roles).toEqual(['Analysts']);
    expect((await cli('roles', 'show', 'Analysts')).stdout).toMatch(
      /role "Analysts"\n {2}linked: "Analysts"/,
    );
  });
});
