import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { exchange, jsonBody, platformToken, withBearer } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/**
 * A member of the tenant tries to grant themselves platform access by naming groups they
 * created, through HTTP with the local Graph and the directory sync: names never grant, and
 * nobody is demoted. Explain shows each such group as a look-alike.
 */
let stack: Stack;
let admin: string;
const mallory = demoUser('carol'); // a member in no mapped group
const alice = demoUser('alice'); // member of the real admin group
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
const syncNow = async () => {
  const run = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
  expect(run.body).toMatchObject({ outcome: 'succeeded' });
};
/** Mallory creates a group of her choosing and joins it; the next sync reads it. */
const createAndJoin = async (group: { displayName: string; securityEnabled?: boolean }) => {
  const created = stack.graph.directory.addGroup(group);
  await syncNow();
  return created;
};
const malloryToken = (groups: string[]) =>
  stack.authority.userToken({ user: mallory, overrides: { groups: [DEMO_GROUPS.marketing.id, ...groups] } });
const explain = async (token: string) =>
  (await withBearer(`${stack.url}/api/admin/explain`, admin, jsonBody('POST', { token }))).body;

beforeAll(async () => {
  stack = await startStack();
  admin = await platformToken(stack.url, await stack.authority.userToken({ user: alice }));
  await syncNow();
});
afterAll(() => stack?.stop());

describe('groups named by a tenant member grant nothing', () => {
  const cases: [string, () => string][] = [
    ["the admin group's object ID (OAUTH_ADMIN_ROLE_NAME)", () => DEMO_GROUPS.platformAdmins.id],
    ["the admin group's display name", () => 'PlatformAdminsGroup'],
    ['a platform group (an app role name)', () => 'Services'],
    ['a platform group that is also an on-premises name', () => 'platform-readers'],
    ['a platform group and role', () => 'Analysts'],
  ];
  for (const [what, name] of cases) {
    it(`a group named like ${what}`, async () => {
      const group = await createAndJoin({ displayName: name() });
      const token = await malloryToken([group.id]);
      const refused = await exchange(stack.url, token);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', reason: 'no_group' });
      expect(
        await stack
          .table('Users')
          .getEntity(stack.settings.OAUTH_TENANT_ID ?? '', mallory.id)
          .catch(() => null),
      ).toBeNull();

      const e = await explain(token);
      expect(e.outcome).toMatchObject({ wouldIssue: false, reason: 'no_group' });
      const decision = (e.groups as Record<string, unknown>[]).find((d) => d.value === group.id);
      expect(decision).toMatchObject({ outcome: 'ignored', reason: 'not_linked', displayName: name() });
      if (what.includes('admin')) {
        expect(e.admin).toMatchObject({ isAdmin: false });
        if (what.includes('display name'))
          expect(String((e.admin as { detail: string }).detail)).toMatch(/look-alike/);
      } else {
        expect(decision).toMatchObject({ lookAlike: name() });
      }
    });
  }

  it('a second group with the admin group name demotes nobody', async () => {
    // The "PlatformAdminsGroup" look-alike above exists now: the name is shared by two groups.
    const listing = await withBearer(
      `${stack.url}/api/admin/directory/groups?name=PlatformAdminsGroup`,
      admin,
    );
    expect(listing.body.total).toBe(2);
    await syncNow();
    const token = await platformToken(stack.url, await stack.authority.userToken({ user: alice }));
    expect(claimsOf(token)).toMatchObject({ admin: true });
    const me = await withBearer(`${stack.url}/api/me`, admin);
    expect(me.body).toMatchObject({ isAdmin: true });
  });

  it('a renamed look-alike still grants nothing, and a linked group keeps its grant whatever its name', async () => {
    const group = await createAndJoin({ displayName: 'Temporary' });
    stack.graph.directory.renameGroup(group.id, 'Restricted');
    stack.graph.directory.renameGroup(DEMO_GROUPS.restricted.id, 'Renamed by someone');
    await syncNow();
    const bob = demoUser('bob');
    const token = await stack.authority.userToken({
      user: bob,
      overrides: { groups: [group.id, DEMO_GROUPS.restricted.id] },
    });
    expect(claimsOf(await platformToken(stack.url, token)).groups).toEqual(['Restricted']);
    const e = await explain(token);
    expect(e.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: group.id, outcome: 'ignored', lookAlike: 'Restricted' }),
        expect.objectContaining({
          value: DEMO_GROUPS.restricted.id,
          outcome: 'matched',
          via: 'link',
          displayName: 'Renamed by someone',
        }),
      ]),
    );
  });
});

describe('group overage yields what the groups claim would have held', () => {
  /** A token past the 200-group limit: Entra leaves `groups` out and points at Graph. */
  const overageToken = () =>
    stack.authority.userToken({
      user: mallory,
      overrides: {
        groups: undefined,
        _claim_names: { groups: 'src1' },
        _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x' } },
      },
    });
  let m365: string;

  beforeAll(async () => {
    // An administrator linked "Analysts" to a Microsoft 365 group (not security-enabled) too.
    m365 = stack.graph.directory.addGroup({ displayName: 'Project chat', securityEnabled: false }).id;
    stack.graph.directory.setMemberOf(mallory.id, [m365]);
    const linked = await withBearer(
      `${stack.url}/api/admin/groups/Analysts`,
      admin,
      jsonBody('PATCH', { entraGroupIds: [DEMO_GROUPS.analysts.id, m365] }),
    );
    expect(linked.status).toBe(200);
  });

  it('under SecurityGroup (the default) a Microsoft 365 group arriving through overage grants nothing', async () => {
    const refused = await exchange(stack.url, await overageToken());
    expect(refused.body).toMatchObject({ reason: 'no_group' });
  });

  it('under All it is what the claim would have held, so the link grants', async () => {
    await stack.restartHost({ OAUTH_GROUP_MEMBERSHIP_CLAIMS: 'All' });
    expect(claimsOf(await platformToken(stack.url, await overageToken())).groups).toEqual(['Analysts']);
  });

  it('under ApplicationGroup only groups assigned to the API count', async () => {
    await stack.restartHost({ OAUTH_GROUP_MEMBERSHIP_CLAIMS: 'ApplicationGroup' });
    expect((await exchange(stack.url, await overageToken())).body).toMatchObject({ reason: 'no_group' });
    stack.graph.directory.assignToApi([m365]);
    await stack.restartHost({ OAUTH_GROUP_MEMBERSHIP_CLAIMS: 'ApplicationGroup' });
    expect(claimsOf(await platformToken(stack.url, await overageToken())).groups).toEqual(['Analysts']);
  });
});
