import { request as httpsRequest } from 'node:https';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { type LocalGraph, startGraph } from '../../dev/graph';
import { createDevCa, issueServerCert, type PemPair } from '../../dev/tls';

interface Page {
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Record<string, unknown>[];
  error?: { code: string };
}

let ca: PemPair;
let tls: PemPair;
let graph: LocalGraph;

function get(pathOrUrl: string, token = 'reader'): Promise<{ status: number; json: Page }> {
  const url = new URL(pathOrUrl, graph.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { headers: { Authorization: `Bearer ${token}` }, ca: ca.certPem },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Follows nextLinks to the deltaLink; returns every item and the deltaLink. */
async function round(
  first: string,
): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  for (let link = first; ; ) {
    const answer = await get(link);
    expect(answer.status).toBe(200);
    pages += 1;
    items.push(...answer.json.value);
    if (answer.json['@odata.deltaLink']) return { items, deltaLink: answer.json['@odata.deltaLink'], pages };
    link = answer.json['@odata.nextLink'] ?? '';
    expect(link).toMatch(/\/v1\.0\/users\/delta\?\$skiptoken=/);
  }
}

beforeAll(async () => {
  ca = await createDevCa();
  tls = await issueServerCert(ca);
});
afterEach(() => graph?.close());

describe('local Graph: users/delta', () => {
  it('pages every user, then reports disabled, enabled and deleted accounts with @removed', async () => {
    graph = await startGraph({
      tls,
      authorize: async (token) => ({ roles: token === 'basic' ? ['User.ReadBasic.All'] : ['User.Read.All'] }),
    });
    const added = graph.directory.addUsers(7);
    const first = await round('/v1.0/users/delta?$select=id,accountEnabled&$top=4');
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(10);
    expect(first.items[0]).toEqual({ id: demoUser('alice').id, accountEnabled: true });

    const bob = demoUser('bob').id;
    graph.directory.setAccountEnabled(bob, false);
    graph.directory.deleteUser(added[0] ?? '');
    graph.directory.deleteUser(added[1] ?? '', { permanent: true });
    const second = await round(first.deltaLink);
    expect(second.items).toEqual([
      { id: bob, accountEnabled: false },
      { '@odata.type': '#microsoft.graph.user', id: added[0], '@removed': { reason: 'changed' } },
      { '@odata.type': '#microsoft.graph.user', id: added[1], '@removed': { reason: 'deleted' } },
    ]);
    graph.directory.setAccountEnabled(bob, true);
    const third = await round(second.deltaLink);
    expect(third.items).toEqual([{ id: bob, accountEnabled: true }]);
    expect((await round(third.deltaLink)).items).toEqual([]);
    // Deleted users are gone from user reads too.
    expect((await get(`/v1.0/users/${added[0]}`)).status).toBe(404);
  });

  it('needs User.Read.All, refuses group delta tokens, and expires like groups/delta', async () => {
    graph = await startGraph({
      tls,
      authorize: async (token) => ({
        roles: token === 'basic' ? ['User.ReadBasic.All'] : ['Directory.Read.All'],
      }),
    });
    expect((await get('/v1.0/users/delta?$select=id,accountEnabled', 'basic')).status).toBe(403);
    const groups = await get('/v1.0/groups/delta');
    const groupToken = new URL(groups.json['@odata.deltaLink'] ?? '').searchParams.get('$deltatoken');
    const crossed = await get(`/v1.0/users/delta?$deltatoken=${groupToken}`);
    expect(crossed.status).toBe(400);
    expect(crossed.json.error?.code).toBe('syncStateNotFound');
    const users = await round('/v1.0/users/delta?$select=id,accountEnabled');
    graph.expireDeltaTokens();
    const expired = await get(users.deltaLink);
    expect(expired.status).toBe(400);
    expect(expired.json.error?.code).toBe('syncStateNotFound');
  });
});
