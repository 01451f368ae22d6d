import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { type LocalGraph, type StartGraphOptions, startGraph } from '../../dev/graph';
import { createDevCa, issueServerCert, type PemPair } from '../../dev/tls';

interface Page {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Record<string, unknown>[];
}
interface GraphErrorJson {
  error: { code: string; message: string; innerError: Record<string, string> };
}
interface Answer<T> {
  status: number;
  headers: IncomingHttpHeaders;
  json: T;
}
interface CallOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

let ca: PemPair;
let tls: PemPair;
let graph: LocalGraph;

/** One HTTPS call that trusts only the test CA (no global TLS settings touched). */
function call<T = Page>(method: string, pathOrUrl: string, options: CallOptions = {}): Promise<Answer<T>> {
  const url = new URL(pathOrUrl, graph.url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'token'}`;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: ca.certPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: (text ? JSON.parse(text) : undefined) as T,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const start = async (options: Partial<StartGraphOptions> = {}) => {
  graph = await startGraph({ tls, ...options });
};

/** Follows `@odata.nextLink` to the end; returns the pages. */
async function allPages(first: string, headers?: Record<string, string>): Promise<Page[]> {
  const pages: Page[] = [];
  for (let link: string | undefined = first; link; ) {
    const answer: Answer<Page> = await call('GET', link, { headers });
    expect(answer.status).toBe(200);
    pages.push(answer.json);
    link = answer.json['@odata.nextLink'];
  }
  return pages;
}

beforeAll(async () => {
  ca = await createDevCa();
  tls = await issueServerCert(ca);
});
afterEach(async () => {
  await graph?.close();
});

describe('local Graph: errors and authorization', () => {
  beforeEach(() =>
    start({
      authorize: async (token) =>
        token === 'bad'
          ? null
          : { roles: token === 'users-only' ? ['User.Read.All'] : ['GroupMember.Read.All'] },
    }),
  );

  it('answers 401 InvalidAuthenticationToken in Graph’s error shape without a bearer token', async () => {
    const answer = await call<GraphErrorJson>('GET', '/v1.0/groups', {
      token: null,
      headers: { 'client-request-id': 'c-1' },
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('InvalidAuthenticationToken');
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['client-request-id']).toBe('c-1');
    expect(answer.json.error.innerError).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      'request-id': answer.headers['request-id'],
      'client-request-id': 'c-1',
    });
  });

  it('answers 401 when authorize refuses the token and 403 Authorization_RequestDenied without the role', async () => {
    expect((await call<GraphErrorJson>('GET', '/v1.0/groups', { token: 'bad' })).json.error.code).toBe(
      'InvalidAuthenticationToken',
    );
    const denied = await call<GraphErrorJson>('GET', '/v1.0/groups', { token: 'users-only' });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    expect((await call('GET', `/v1.0/users/${demoUser('bob').id}`, { token: 'users-only' })).status).toBe(
      200,
    );
    const memberships = await call<GraphErrorJson>(
      'POST',
      `/v1.0/users/${demoUser('bob').id}/getMemberObjects`,
      {
        token: 'users-only',
        body: { securityEnabledOnly: false },
      },
    );
    expect(memberships.status).toBe(403);
  });

  it('answers 400 for unknown segments, other versions and bad query options', async () => {
    const unknown = await call<GraphErrorJson>('GET', '/v1.0/nothingHere');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({
      code: 'BadRequest',
      message: "Resource not found for the segment 'nothingHere'.",
    });
    expect((await call('GET', '/beta/groups')).status).toBe(400);
    expect((await call('GET', '/groups')).status).toBe(400);
    for (const query of ['$top=1000', '$top=0', '$top=ten', '$select=nope']) {
      expect((await call('GET', `/v1.0/groups?${query}`)).status, query).toBe(400);
    }
    expect((await call('GET', '/v1.0/groups?$skiptoken=garbage')).status).toBe(400);
  });

  it('gets one group, 404 Request_ResourceNotFound for unknown or deleted ones, 400 for non-GUIDs', async () => {
    const answer = await call<Record<string, unknown>>(
      'GET',
      `/v1.0/groups/${DEMO_GROUPS.readers.id}?$select=displayName`,
    );
    expect(answer.json).toMatchObject({ id: DEMO_GROUPS.readers.id, displayName: 'Platform Readers' });
    expect(Object.keys(answer.json).sort()).toEqual(['@odata.context', 'displayName', 'id']);
    graph.directory.deleteGroup(DEMO_GROUPS.marketing.id);
    for (const id of [DEMO_GROUPS.marketing.id, '00000000-0000-4000-8000-000000000000']) {
      const missing = await call<GraphErrorJson>('GET', `/v1.0/groups/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('Request_ResourceNotFound');
    }
    expect((await call('GET', '/v1.0/groups/not-a-guid')).status).toBe(400);
  });
});

describe('local Graph: listing groups', () => {
  beforeEach(() => start());

  it('pages 2,500 groups with $top=999 in 3 pages, honouring $select, with full nextLinks', async () => {
    graph.directory.addGroups(2500 - 5);
    const pages = await allPages('/v1.0/groups?$select=id,displayName&$top=999');
    expect(pages.map((p) => p.value.length)).toEqual([999, 999, 502]);
    expect(pages[0]?.['@odata.nextLink']).toMatch(
      new RegExp(`^${graph.url}/v1\\.0/groups\\?.*\\$skiptoken=[\\w-]+`),
    );
    expect(pages[0]?.['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#groups(id,displayName)`);
    const items = pages.flatMap((p) => p.value);
    expect(new Set(items.map((g) => g.id)).size).toBe(2500);
    expect(items.every((g) => Object.keys(g).join() === 'id,displayName')).toBe(true);
    expect(graph.stats.byRoute['GET /groups']).toBe(3);
  });

  it("returns Graph's default group properties and pages by 100 without $top", async () => {
    graph.directory.addGroups(150);
    const pages = await allPages('/v1.0/groups');
    expect(pages.map((p) => p.value.length)).toEqual([100, 55]);
    expect(pages[0]?.value.find((g) => g.id === DEMO_GROUPS.readers.id)).toMatchObject({
      displayName: 'Platform Readers',
      onPremisesSamAccountName: 'platform-readers',
      securityEnabled: true,
    });
  });

  it('adds 50,000 groups at once, each with its own object ID', () => {
    const added = graph.directory.addGroups(50_000, 'Bench');
    expect(added).toHaveLength(50_000);
    expect(new Set(added.map((g) => g.id)).size).toBe(50_000);
    expect(graph.directory.groups()).toHaveLength(50_005);
  });
});

describe('local Graph: delta query', () => {
  let clock = Date.parse('2025-01-01T00:00:00Z');
  beforeEach(() => start({ now: () => clock }));

  it('lists everything first, then only changes, with @removed for deleted groups', async () => {
    graph.directory.addGroups(245);
    const first = await allPages('/v1.0/groups/delta?$select=displayName');
    expect(first.map((p) => p.value.length)).toEqual([100, 100, 50]);
    expect(first.slice(0, -1).every((p) => p['@odata.deltaLink'] === undefined)).toBe(true);
    const deltaLink = first.at(-1)?.['@odata.deltaLink'] ?? '';
    expect(deltaLink).toMatch(new RegExp(`^${graph.url}/v1\\.0/groups/delta\\?\\$deltatoken=[\\w-]+$`));

    graph.directory.renameGroup(DEMO_GROUPS.restricted.id, 'Restricted (renamed)');
    const added = graph.directory.addGroup({ displayName: 'Newcomers' });
    graph.directory.deleteGroup(DEMO_GROUPS.marketing.id);
    graph.directory.deleteGroup(DEMO_GROUPS.analysts.id, { soft: true });
    const second = await allPages(deltaLink);
    expect(second).toHaveLength(1);
    expect(second[0]?.value).toEqual([
      { id: DEMO_GROUPS.restricted.id, displayName: 'Restricted (renamed)' },
      { id: added.id, displayName: 'Newcomers' },
      {
        '@odata.type': '#microsoft.graph.group',
        id: DEMO_GROUPS.marketing.id,
        '@removed': { reason: 'deleted' },
      },
      {
        '@odata.type': '#microsoft.graph.group',
        id: DEMO_GROUPS.analysts.id,
        '@removed': { reason: 'changed' },
      },
    ]);

    graph.stats.reset();
    const quiet = await call('GET', second[0]?.['@odata.deltaLink'] ?? '');
    expect(quiet.json.value).toEqual([]);
    expect(quiet.json['@odata.nextLink']).toBeUndefined();
    expect(quiet.json['@odata.deltaLink']).toMatch(/\$deltatoken=/);
    expect(graph.stats.requests).toBe(1);
  });

  it('pages incremental rounds too and reports changes made during a round in the next one', async () => {
    const first = await call('GET', '/v1.0/groups/delta?$top=2');
    graph.directory.renameGroup(DEMO_GROUPS.platformAdmins.id, 'Admins');
    const rest = await allPages(first.json['@odata.nextLink'] ?? '');
    expect(rest.map((p) => p.value.length)).toEqual([2, 1]);
    graph.directory.addGroups(3);
    const next = await allPages(rest.at(-1)?.['@odata.deltaLink'] ?? '');
    expect(next.map((p) => p.value.length)).toEqual([2, 2]);
    expect(next[0]?.value[0]).toMatchObject({ id: DEMO_GROUPS.platformAdmins.id, displayName: 'Admins' });
  });

  it('answers 400 syncStateNotFound for expired, reset or forged tokens', async () => {
    const first = await allPages('/v1.0/groups/delta');
    const deltaLink = first.at(-1)?.['@odata.deltaLink'] ?? '';
    clock += 8 * 24 * 3600 * 1000;
    const expired = await call<GraphErrorJson>('GET', deltaLink);
    expect(expired.status).toBe(400);
    expect(expired.json.error.code).toBe('syncStateNotFound');

    const fresh = await call('GET', '/v1.0/groups/delta?$top=2');
    const fresher = await allPages('/v1.0/groups/delta');
    graph.expireDeltaTokens();
    for (const link of [
      fresh.json['@odata.nextLink'],
      fresher.at(-1)?.['@odata.deltaLink'],
      '/v1.0/groups/delta?$deltatoken=x',
    ]) {
      const answer = await call<GraphErrorJson>('GET', link ?? '');
      expect(answer.json.error.code).toBe('syncStateNotFound');
    }
    expect((await call('GET', '/v1.0/groups/delta')).status).toBe(200);
  });

  it('supports $deltatoken=latest, the qualified function name and Prefer: odata.maxpagesize', async () => {
    const latest = await call('GET', '/v1.0/groups/microsoft.graph.delta?$deltatoken=latest');
    expect(latest.json.value).toEqual([]);
    graph.directory.addGroup({ displayName: 'After latest' });
    const next = await call('GET', latest.json['@odata.deltaLink'] ?? '');
    expect(next.json.value.map((g) => g.displayName)).toEqual(['After latest']);
    const preferred = await call('GET', '/v1.0/groups/delta', { headers: { Prefer: 'odata.maxpagesize=2' } });
    expect(preferred.json.value).toHaveLength(2);
    expect(preferred.json['@odata.nextLink']).toMatch(/\$skiptoken=/);
  });
});

describe('local Graph: users and memberships', () => {
  beforeEach(() => start());

  it('resolves transitive memberships through nested groups', async () => {
    const bob = demoUser('bob');
    const parent = graph.directory.addGroup({ displayName: 'All staff' });
    const m365 = graph.directory.addGroup({ displayName: 'Team site', securityEnabled: false });
    graph.directory.addGroup({ displayName: 'Unrelated', memberOf: [parent.id] });
    const nested = graph.directory.addGroup({ displayName: 'Nested', memberOf: [parent.id] });
    graph.directory.setMemberOf(bob.id, [...bob.memberOf, nested.id, m365.id]);
    const all = await call<{ value: string[] }>('POST', `/v1.0/users/${bob.id}/getMemberObjects`, {
      body: { securityEnabledOnly: false },
    });
    expect(all.json.value.sort()).toEqual([...bob.memberOf, nested.id, m365.id, parent.id].sort());
    const security = await call<{ value: string[] }>('POST', `/v1.0/users/${bob.id}/getMemberObjects`, {
      body: { securityEnabledOnly: true },
    });
    expect(security.json.value).not.toContain(m365.id);
    expect(security.json.value).toHaveLength(5);
    expect((await call('POST', `/v1.0/users/${bob.id}/getMemberObjects`, { body: {} })).status).toBe(400);
  });

  it('reads users by object ID or UPN; 404 for unknown users', async () => {
    const bob = demoUser('bob');
    const unknown = await call<GraphErrorJson>('GET', '/v1.0/users/00000000-0000-4000-8000-000000000009');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('Request_ResourceNotFound');
    const byUpn = await call<Record<string, unknown>>(
      'GET',
      `/v1.0/users/${encodeURIComponent(bob.userPrincipalName)}`,
    );
    expect(byUpn.json).toMatchObject({ id: bob.id, displayName: 'Bob Analyst', mail: bob.mail });
  });
});

describe('local Graph: throttling and failures', () => {
  beforeEach(() => start());

  it('throttles with 429 TooManyRequests and Retry-After, then recovers', async () => {
    graph.faults.throttle(2, 7, /\/groups\?/);
    const other = await call('GET', `/v1.0/groups/${DEMO_GROUPS.readers.id}`);
    expect(other.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const throttled = await call<GraphErrorJson>('GET', '/v1.0/groups?$top=5');
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('7');
      expect(throttled.json.error.code).toBe('TooManyRequests');
    }
    expect((await call('GET', '/v1.0/groups?$top=5')).status).toBe(200);
  });

  it('fails with 503/504 carrying Retry-After, 500 without, and 503 while down', async () => {
    graph.faults.fail(1, 503);
    graph.faults.fail(1, 504);
    graph.faults.fail(1, 500);
    const answers = [
      await call('GET', '/v1.0/groups'),
      await call('GET', '/v1.0/groups'),
      await call('GET', '/v1.0/groups'),
    ];
    expect(answers.map((a) => [a.status, a.headers['retry-after']])).toEqual([
      [503, '1'],
      [504, '1'],
      [500, undefined],
    ]);
    graph.faults.down = true;
    expect((await call('GET', '/v1.0/groups', { token: null })).status).toBe(503);
    graph.faults.down = false;
    expect((await call('GET', '/v1.0/groups')).status).toBe(200);
  });
});
