import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { exchange, platformToken, withBearer, adminPlatformToken } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/** Graph throttling, outages and group overage through the local host. */
let stack: Stack;
let admin: string;
const bob = demoUser('bob');

beforeAll(async () => {
  stack = await startStack();
  admin = await adminPlatformToken(stack);
});
afterAll(() => stack?.stop());
afterEach(() => stack.graph.faults.clear());

const syncNow = () => withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
const status = () => withBearer(`${stack.url}/api/admin/directory`, admin);
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
/** A token past Entra's 200-group limit: no `groups`, a pointer to the retired Azure AD Graph instead. */
const overageToken = (user = bob, indicator: Record<string, unknown> = {}) =>
  stack.authority.userToken({
    user,
    overrides: {
      groups: undefined,
      _claim_names: { groups: 'src1' },
      _claim_sources: {
        src1: { endpoint: `https://graph.windows.net/tenant/users/${user.id}/getMemberObjects` },
      },
      ...indicator,
    },
  });

describe('directory sync under Graph faults', () => {
  it('retries a 429 with Retry-After and succeeds', async () => {
    stack.graph.faults.throttle(1, 1);
    stack.graph.stats.reset();
    const run = await syncNow();
    expect(run.status).toBe(200);
    // The throttled groups/delta page, its retry, and the users/delta page.
    expect(run.body).toMatchObject({ outcome: 'succeeded', mode: 'full', added: 5, graphRequests: 3 });
    expect(stack.graph.stats.requests).toBe(3);
  });

  it('retries a 503 and succeeds', async () => {
    stack.graph.faults.fail(1, 503, /groups\/delta/, 0);
    expect((await syncNow()).body).toMatchObject({ outcome: 'succeeded', mode: 'incremental' });
  });

  it('keeps the previous directory and delta link through an outage, and reports it', async () => {
    stack.graph.directory.renameGroup(DEMO_GROUPS.analysts.id, 'Analysts (old)');
    stack.graph.faults.down = true;
    const failed = await syncNow();
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(failed.body).toMatchObject({ reason: 'directory_unavailable' });

    const report = await status();
    expect(report.body).toMatchObject({
      synced: true,
      groups: 5,
      running: false,
      lastRun: { outcome: 'failed', trigger: 'manual', error: { code: 'directory_unavailable' } },
    });
    expect(report.body.lastSuccessAt).toEqual(expect.any(String));
    // The mapping still uses the previous names.
    const token = await platformToken(stack.url, await stack.authority.userToken({ user: bob }));
    expect(claimsOf(token).groups).toEqual(['Restricted', 'Analysts', 'platform-readers']);

    stack.graph.faults.down = false;
    const resumed = await syncNow();
    expect(resumed.body).toMatchObject({ outcome: 'succeeded', mode: 'incremental', renamed: 1 });
  });

  it('gives up within its budget when Graph keeps throttling with a long Retry-After', async () => {
    stack.graph.faults.throttle(10, 3600);
    const failed = await syncNow();
    expect(failed.status).toBe(503);
    expect((await status()).body).toMatchObject({ groups: 5, lastRun: { outcome: 'failed' } });
  });
});

describe('group overage', () => {
  it('resolves the groups of an overage token through Graph getMemberObjects, cached per user', async () => {
    stack.graph.stats.reset();
    const first = await platformToken(stack.url, await overageToken());
    expect(claimsOf(first).groups).toEqual(expect.arrayContaining(['Restricted', 'platform-readers']));
    expect(stack.graph.stats.byRoute['POST /users/{id}/getMemberObjects']).toBe(1);
    await platformToken(stack.url, await overageToken());
    expect(stack.graph.stats.byRoute['POST /users/{id}/getMemberObjects']).toBe(1);
  });

  it('answers 503 with Retry-After rather than map an overage user with no groups when Graph is down', async () => {
    stack.graph.faults.down = true;
    const response = await exchange(stack.url, await overageToken(demoUser('alice')));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({
      error: 'temporarily_unavailable',
      reason: 'directory_unavailable',
    });
  });

  it('honours hasgroups (implicit flow) and retries a throttled look-up', async () => {
    stack.graph.faults.throttle(1, 1, /getMemberObjects/);
    const token = await stack.authority.userToken({
      user: demoUser('alice'),
      overrides: { groups: undefined, hasgroups: true },
    });
    const me = await withBearer(`${stack.url}/api/me`, await platformToken(stack.url, token));
    expect(me.body).toMatchObject({ isAdmin: true });
  });
});
