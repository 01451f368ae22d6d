import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { withBearer, adminPlatformToken } from '../support/client';
import { type Stack, startStack } from '../support/stack';

/** The audit log through HTTP: every admin-API change leaves exactly one entry with before → after. */
let stack: Stack;
let admin: string;
const carol = demoUser('carol');
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

beforeAll(async () => {
  stack = await startStack();
  admin = await adminPlatformToken(stack, carol);
});
afterAll(() => stack?.stop());

interface Entry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  correlationId: string;
  time: string;
}
const api = (path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) =>
  withBearer(`${stack.url}/api/admin/${path}`, admin, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
async function allEntries(query = ''): Promise<Entry[]> {
  const entries: Entry[] = [];
  let token: string | undefined;
  do {
    const page = await api(`audit?top=1000${query}${token ? `&continuationToken=${token}` : ''}`);
    expect(page.status).toBe(200);
    entries.push(...(page.body.entries as Entry[]));
    token = page.body.continuationToken as string | undefined;
  } while (token);
  return entries;
}

describe('audit log', () => {
  it('records every admin-API change once, with actor, action, target, before → after and correlation ID', async () => {
    const id = 'audited-user';
    const steps: [string, string, unknown, number, Partial<Entry>][] = [
      [
        'PUT',
        'groups/Audited',
        {},
        201,
        {
          action: 'group.create',
          targetId: 'Audited',
          before: null,
          after: { name: 'Audited', description: '', entraGroupIds: [] },
        },
      ],
      [
        'PATCH',
        'groups/Audited',
        { description: 'for the audit' },
        200,
        { action: 'group.update', before: { description: '' }, after: { description: 'for the audit' } },
      ],
      [
        'PATCH',
        'groups/Audited',
        { entraGroupIds: [DEMO_GROUPS.analysts.id] },
        200,
        {
          action: 'group.update',
          before: { entraGroupIds: [] },
          after: { entraGroupIds: [DEMO_GROUPS.analysts.id] },
        },
      ],
      [
        'PATCH',
        'groups/Audited',
        { name: 'Audited 2' },
        200,
        {
          action: 'group.rename',
          targetId: 'Audited 2',
          before: { name: 'Audited' },
          after: { name: 'Audited 2' },
        },
      ],
      ['PUT', 'roles/Auditor', {}, 201, { action: 'role.create', targetType: 'role', targetId: 'Auditor' }],
      [
        'PUT',
        `users/${id}`,
        { email: 'a@contoso.test' },
        201,
        { action: 'user.provision', targetType: 'user', targetId: id, before: null },
      ],
      [
        'PUT',
        `users/${id}`,
        { firstName: 'Ann' },
        200,
        { action: 'user.update', before: { firstName: null }, after: { firstName: 'Ann' } },
      ],
      [
        'PUT',
        `users/${id}/groups/Audited%202`,
        undefined,
        200,
        { action: 'user.group.add', before: { manualGroups: [] }, after: { manualGroups: ['Audited 2'] } },
      ],
      [
        'DELETE',
        `users/${id}/groups/Audited%202`,
        undefined,
        200,
        { action: 'user.group.remove', before: { manualGroups: ['Audited 2'] }, after: { manualGroups: [] } },
      ],
      [
        'PUT',
        `users/${id}/roles/Auditor`,
        undefined,
        200,
        { action: 'user.role.add', after: { manualRoles: ['Auditor'] } },
      ],
      [
        'POST',
        `users/${id}/disable`,
        undefined,
        200,
        {
          action: 'user.disable',
          before: { disabled: false, disabledBy: null, disabledReason: null },
          after: { disabled: true, disabledBy: 'admin', disabledReason: 'admin_disabled' },
        },
      ],
      [
        'POST',
        `users/${id}/enable`,
        undefined,
        200,
        {
          action: 'user.enable',
          before: { disabled: true, disabledBy: 'admin', disabledReason: 'admin_disabled' },
          after: { disabled: false, disabledBy: null, disabledReason: null },
        },
      ],
      ['DELETE', `users/${id}`, undefined, 204, { action: 'user.delete', after: null }],
      [
        'DELETE',
        'groups/Audited%202',
        undefined,
        204,
        { action: 'group.delete', targetId: 'Audited 2', after: null },
      ],
      ['DELETE', 'roles/Auditor?force=true', undefined, 204, { action: 'role.delete' }],
    ];
    let seen = (await allEntries()).length;
    for (const [method, path, body, status, expected] of steps) {
      const response = await api(path, method, body, { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` });
      expect(response.status, `${method} ${path}`).toBe(status);
      const entries = await allEntries();
      expect(entries.length, `${method} ${path}`).toBe(seen + 1);
      seen = entries.length;
      expect(entries.at(-1), `${method} ${path}`).toMatchObject({
        actor: carol.id,
        correlationId: TRACE,
        ...expected,
      });
    }
    // A change that changes nothing, and a refused one, leave nothing.
    await api('users/nobody/disable', 'POST');
    await api('groups/Restricted', 'PUT', { description: '' });
    expect((await allEntries()).length).toBe(seen);
  });

  it('pages with a continuation token and filters by actor, action and time', async () => {
    const all = await allEntries();
    const paged: Entry[] = [];
    let token: string | undefined;
    do {
      const page = await api(`audit?top=2${token ? `&continuationToken=${token}` : ''}`);
      paged.push(...(page.body.entries as Entry[]));
      token = page.body.continuationToken as string | undefined;
    } while (token);
    expect(paged).toEqual(all);
    expect((await allEntries('&action=user.disable')).map((e) => e.action)).toEqual(['user.disable']);
    expect(await allEntries('&actor=directory-sync')).toEqual([]);
    const middle = all[3]?.time ?? '';
    expect((await allEntries(`&since=${middle}`)).length).toBe(all.length - 3);
    expect((await allEntries(`&until=${middle}`)).length).toBe(3);
    for (const bad of ['top=0', 'since=yesterday', 'continuationToken=%21%21', 'actor=']) {
      const refused = await api(`audit?${bad}`);
      expect(refused.status, bad).toBe(400);
    }
    expect((await withBearer(`${stack.url}/api/admin/audit`, 'not-a-token')).status).toBe(401);
  });

  it('does not show audit rows as users or catalog entries', async () => {
    const users = await api('users?top=1000');
    expect((users.body.users as { id: string }[]).every((u) => !u.id.startsWith('%~'))).toBe(true);
    const groups = await api('groups');
    expect((groups.body.groups as { name: string }[]).every((g) => !g.name.startsWith('%~'))).toBe(true);
  });
});
