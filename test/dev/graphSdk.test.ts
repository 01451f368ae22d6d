import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, demoUser } from '../../dev/demoTenant';
import { type LocalGraph, startGraph } from '../../dev/graph';
import { createDevCa, issueServerCert, type PemPair } from '../../dev/tls';

/**
 * The real `@microsoft/microsoft-graph-client` runs in a child `node` that trusts the test CA through
 * `NODE_EXTRA_CA_CERTS` (read at start-up only; the SDK uses the global fetch, which takes no CA
 * option), so this process keeps default TLS checks. The child runs SDK calls sent over IPC.
 */
const SDK_RUNNER = `
const { Client, PageIterator } = require('@microsoft/microsoft-graph-client');
const clients = new Map();
const client = (baseUrl, token) => {
  const key = baseUrl + ' ' + token;
  if (!clients.has(key)) {
    clients.set(key, Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => token },
      baseUrl,
      customHosts: new Set([new URL(baseUrl).hostname]),
    }));
  }
  return clients.get(key);
};
const request = ({ baseUrl, token, url, select, top }) => {
  let r = client(baseUrl, token).api(url);
  if (select) r = r.select(select);
  if (top) r = r.top(top);
  return r;
};
const ops = {
  get: (a) => request(a).get(),
  post: (a) => request(a).post(a.body),
  async iterate(a) {
    const items = [];
    const iterator = new PageIterator(client(a.baseUrl, a.token), await request(a).get(), (item) => {
      items.push(item);
      return true;
    });
    await iterator.iterate();
    return { items, deltaLink: iterator.getDeltaLink() ?? null };
  },
};
process.on('message', ({ seq, op, args }) => {
  ops[op](args).then(
    (result) => process.send({ seq, result }),
    (e) => process.send({ seq, error: { statusCode: e.statusCode, code: e.code, message: e.message } }),
  );
});
`;

interface SdkArgs {
  url: string;
  token?: string;
  select?: string[];
  top?: number;
  body?: unknown;
}
interface SdkError {
  statusCode: number;
  code: string;
  message: string;
}
interface Iterated {
  items: Record<string, unknown>[];
  deltaLink: string | null;
}

let tls: PemPair;
let caDir: string;
let child: ChildProcess;
let graph: LocalGraph;
const pending = new Map<number, (reply: { result?: unknown; error?: SdkError }) => void>();
let seq = 0;

/** Runs one SDK operation in the child; rejects with the SDK's GraphError fields. */
function sdk<T>(op: 'get' | 'post' | 'iterate' | 'batch', args: SdkArgs): Promise<T> {
  seq += 1;
  const id = seq;
  return new Promise<T>((resolveOp, reject) => {
    pending.set(id, (reply) => (reply.error ? reject(reply.error) : resolveOp(reply.result as T)));
    child.send({ seq: id, op, args: { baseUrl: graph.url, token: 'token', ...args } });
  });
}

beforeAll(async () => {
  const ca = await createDevCa();
  tls = await issueServerCert(ca);
  caDir = mkdtempSync(join(tmpdir(), 'graph-sdk-'));
  writeFileSync(join(caDir, 'ca.pem'), ca.certPem);
  child = spawn(process.execPath, ['-e', SDK_RUNNER], {
    cwd: resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: join(caDir, 'ca.pem') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message: { seq: number; result?: unknown; error?: SdkError }) => {
    pending.get(message.seq)?.(message);
    pending.delete(message.seq);
  });
});
afterAll(() => {
  child?.kill();
  rmSync(caDir, { recursive: true, force: true });
});
beforeEach(async () => {
  graph = await startGraph({
    tls,
    authorize: async (token) =>
      token === 'bad'
        ? null
        : { roles: token === 'users-only' ? ['User.Read.All'] : ['GroupMember.Read.All', 'User.Read.All'] },
  });
});
afterEach(() => graph.close());

describe('local Graph through @microsoft/microsoft-graph-client', () => {
  it('pages 2,500 groups with $top=999 and $select via PageIterator in 3 requests', async () => {
    graph.directory.addGroups(2495);
    const { items } = await sdk<Iterated>('iterate', {
      url: '/groups',
      select: ['id', 'displayName'],
      top: 999,
    });
    expect(items).toHaveLength(2500);
    expect(Object.keys(items[0] ?? {})).toEqual(['id', 'displayName']);
    expect(graph.stats.byRoute['GET /groups']).toBe(3);
  });

  it('runs delta rounds: full, incremental (rename, add, delete), quiet, expired', async () => {
    const first = await sdk<Iterated>('iterate', { url: '/groups/delta', select: ['displayName'] });
    expect(first.items).toHaveLength(5);
    graph.directory.renameGroup(DEMO_GROUPS.analysts.id, 'Analysts EU');
    const added = graph.directory.addGroup({ displayName: 'Fresh' });
    graph.directory.deleteGroup(DEMO_GROUPS.marketing.id);
    const second = await sdk<Iterated>('iterate', { url: first.deltaLink ?? '' });
    expect(second.items).toEqual([
      { id: DEMO_GROUPS.analysts.id, displayName: 'Analysts EU' },
      { id: added.id, displayName: 'Fresh' },
      {
        '@odata.type': '#microsoft.graph.group',
        id: DEMO_GROUPS.marketing.id,
        '@removed': { reason: 'deleted' },
      },
    ]);
    graph.stats.reset();
    const quiet = await sdk<{ value: unknown[]; '@odata.deltaLink': string }>('get', {
      url: second.deltaLink ?? '',
    });
    expect(quiet.value).toEqual([]);
    expect(quiet['@odata.deltaLink']).toContain('$deltatoken=');
    expect(graph.stats.requests).toBe(1);
    graph.expireDeltaTokens();
    await expect(sdk('get', { url: quiet['@odata.deltaLink'] })).rejects.toMatchObject({
      statusCode: 400,
      code: 'syncStateNotFound',
    });
  });

  it('posts getMemberObjects', async () => {
    const bob = demoUser('bob');
    const member = await sdk<{ value: string[] }>('post', {
      url: `/users/${bob.id}/getMemberObjects`,
      body: { securityEnabledOnly: true },
    });
    expect(member.value.sort()).toEqual([...bob.memberOf].sort());
  });

  it('is retried by the SDK after an outer 429 and 503 with Retry-After', async () => {
    graph.faults.throttle(1, 1);
    graph.faults.fail(1, 503, undefined, 0);
    const started = Date.now();
    const answer = await sdk<{ value: unknown[] }>('get', { url: '/groups' });
    expect(answer.value).toHaveLength(5);
    expect(graph.stats.requests).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('surfaces 401 InvalidAuthenticationToken and 403 Authorization_RequestDenied as GraphError', async () => {
    await expect(sdk('get', { url: '/groups', token: 'bad' })).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
    });
    await expect(sdk('get', { url: '/groups', token: 'users-only' })).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });
});
