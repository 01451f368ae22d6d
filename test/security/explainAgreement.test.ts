import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../dev/demoSettings';
import { DEMO_GROUPS, demoClient, demoUser } from '../../dev/demoTenant';
import { exchange, jsonBody, platformToken, withBearer } from '../support/client';
import { caseTitle, hostileTokens, startTrap } from '../support/hostileTokens';
import { type Stack, startStack } from '../support/stack';

/**
 * Explain is the exchange's own decision: for every token of the mapping and security
 * suites, `POST /api/admin/explain` says exactly what `POST /api/token` does — issued or
 * refused, with the same reason, and for an issued token the same groups, roles and admin flag.
 */
let stack: Stack;
let admin: string;
let trap: Awaited<ReturnType<typeof startTrap>>;
beforeAll(async () => {
  trap = await startTrap();
  stack = await startStack({
    catalog: { groups: [...DEMO_CATALOG.groups, 'Twins', 'Gone'], roles: [...DEMO_CATALOG.roles] },
  });
  admin = await platformToken(stack.url, await stack.authority.userToken({ user: demoUser('alice') }));
  stack.graph.directory.addGroup({ displayName: 'Twins' });
  await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  // Bob holds "Gone" by hand, then it is deleted with force: it must grant nothing, in both.
  await platformToken(stack.url, await stack.authority.userToken({ user: demoUser('bob') }));
  await withBearer(`${stack.url}/api/admin/users/${demoUser('bob').id}/groups/Gone`, admin, {
    method: 'PUT',
  });
});
afterAll(async () => {
  await stack?.stop();
  await trap?.close();
});

const bob = demoUser('bob');
const carol = demoUser('carol');
const user = (u: typeof bob, overrides: Record<string, unknown>) => () =>
  stack.authority.userToken({ user: u, overrides });
const mappingCases: [string, () => Promise<string>][] = [
  ['names of platform groups', user(bob, { groups: ['Analysts', 'analysts', 'Nope'] })],
  ['object IDs, linked and not', user(bob, { groups: [DEMO_GROUPS.analysts.id, DEMO_GROUPS.marketing.id] })],
  ['no mapped value', user(carol, {})],
  ['a look-alike only', user(carol, { groups: [DEMO_GROUPS.restricted.id] })],
  ['admin by object ID', user(carol, { groups: [DEMO_GROUPS.platformAdmins.id] })],
  ['admin by claim', user(carol, { isPlatformAdmin: 'is_admin' })],
  ['admin claim with another value', user(carol, { isPlatformAdmin: 'yes' })],
  ['a manual assignment of a deleted group only', user(bob, { groups: [DEMO_GROUPS.marketing.id] })],
  ['group overage', user(bob, { groups: undefined, _claim_names: { groups: 'src1' } })],
  ['about to expire', () => stack.authority.userToken({ user: bob, lifetimeSeconds: 30 })],
  ['an app-only caller', () => stack.authority.appToken({ clientAppId: demoClient('daemon').appId })],
];
const hostile = hostileTokens(
  () => stack.authority,
  () => trap.url,
);

describe('explain and the exchange agree', () => {
  it.each([
    ...mappingCases,
    ...hostile.map((c) => [caseTitle(c), c.token] as [string, () => Promise<string>]),
  ])('%s', async (name, token) => {
    if (name === 'a manual assignment of a deleted group only') {
      const deleted = await withBearer(`${stack.url}/api/admin/groups/Gone?force=true`, admin, {
        method: 'DELETE',
      });
      expect([204, 404]).toContain(deleted.status);
    }
    const subject = await token();
    const explained = await withBearer(
      `${stack.url}/api/admin/explain`,
      admin,
      jsonBody('POST', { token: subject }),
    );
    const exchanged = await exchange(stack.url, subject);
    expect(explained.status).toBe(200);
    const outcome = explained.body.outcome as { wouldIssue: boolean; reason: string | null };
    if (exchanged.status === 200) {
      expect(outcome).toMatchObject({ wouldIssue: true, reason: null });
      const issued = JSON.parse(
        Buffer.from(String(exchanged.body.access_token).split('.')[1] ?? '', 'base64url').toString(),
      );
      expect(explained.body.platformToken).toMatchObject({
        groups: issued.groups,
        roles: issued.roles,
        admin: issued.admin,
        sub: issued.sub,
      });
    } else {
      expect(exchanged.status).toBe(400);
      expect(outcome).toMatchObject({ wouldIssue: false, reason: exchanged.body.reason });
    }
  });
});
