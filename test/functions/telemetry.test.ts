import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Envelope, type IngestionCapture, startIngestionCapture } from '../../dev/ingestionCapture';
import { demoUser } from '../../dev/demoTenant';
import { exchange, platformToken, withBearer } from '../support/client';
import { REPO_ROOT, type Stack, startStack } from '../support/stack';
import { serverTls } from '../support/testCa';

/**
 * Telemetry end to end: the built app in the local host with APPLICATIONINSIGHTS_CONNECTION_STRING
 * pointing at a local ingestion endpoint, so the envelopes checked are those the real Azure
 * Monitor exporter sends. The user ID claim is the UPN, an e-mail address, so that Table
 * Storage keys would name the person if URLs were exported as they are.
 */
let stack: Stack;
let capture: IngestionCapture;
const bob = demoUser('bob');
const carol = demoUser('carol');
const tokens: string[] = [];
let admin: string;

beforeAll(async () => {
  capture = await startIngestionCapture(await serverTls());
  stack = await startStack({
    settings: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: capture.connectionString,
      // Every trace kept and exported at once; metrics every second; no Microsoft endpoint asked.
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      OAUTH_USER_ID_CLAIM: 'preferred_username',
      // A token with an unknown key makes the bridge ask the authority for the key set again.
      OAUTH_KEYS_REFRESH_COOLDOWN_SECONDS: '0',
    },
  });
  const adminToken = await stack.authority.userToken({
    user: carol,
    overrides: { isPlatformAdmin: 'is_admin' },
  });
  tokens.push(adminToken);
  admin = await platformToken(stack.url, adminToken);
  tokens.push(admin);
  // Telemetry starts with the instance, off the first request's path; it is up once that exchange is exported.
  await capture.until((all) => requests(all, 'token exchange').length > 0, 60_000);
});
afterAll(async () => {
  await stack?.stop();
  await capture?.close();
});

const requests = (all: Envelope[], name: string) =>
  all.filter((e) => e.data?.baseType === 'RequestData' && e.data.baseData?.name === name);
const props = (e: Envelope) => e.data?.baseData?.properties ?? {};

/** Dependencies below `request` in its trace: parent links followed up to the request's span. */
function dependenciesOf(all: Envelope[], request: Envelope): Envelope[] {
  const operation = request.tags?.['ai.operation.id'];
  const inTrace = all.filter(
    (e) => e.data?.baseType === 'RemoteDependencyData' && e.tags?.['ai.operation.id'] === operation,
  );
  const parentOf = new Map(inTrace.map((e) => [e.data?.baseData?.id, e.tags?.['ai.operation.parentId']]));
  const below = (e: Envelope) => {
    let parent = e.tags?.['ai.operation.parentId'];
    for (let hops = 0; parent !== undefined && hops < 10; hops++) {
      if (parent === request.data?.baseData?.id) return true;
      parent = parentOf.get(parent);
    }
    return false;
  };
  return inTrace.filter(below);
}

/** The local service a dependency called, from the port of its URL (in-process spans of the Azure SDK have none). */
function service(dependency: Envelope): string {
  const url = dependency.data?.baseData?.data ?? '';
  if (url === '') return 'in-process';
  const port = /^https?:\/\/[^/]+:(\d+)\//.exec(url)?.[1];
  if (port === new URL(stack.authority.url).port) return 'authority';
  if (port === new URL(stack.graph.url).port) return 'graph';
  if (port === process.env.TEST_AZURITE_PORT) return 'tables';
  return 'other';
}

const services = (deps: Envelope[]) =>
  [...new Set(deps.map(service))].filter((s) => s !== 'in-process').sort();

/** A token past Entra's 200-group limit: its groups come from Graph during the exchange. */
const overageToken = () =>
  stack.authority.userToken({
    user: bob,
    overrides: {
      groups: undefined,
      _claim_names: { groups: 'src1' },
      _claim_sources: {
        src1: { endpoint: `https://graph.windows.net/tenant/users/${bob.id}/getMemberObjects` },
      },
    },
  });

describe('telemetry through Azure Monitor (local ingestion endpoint)', () => {
  let refusedReason: string;

  it('exports an accepted exchange with its Table Storage, authority and Graph calls as its dependencies', async () => {
    // A new signing key: the exchange fetches the key set again, then Graph (overage), then the user.
    await stack.authority.rotateKeys();
    const subject = await overageToken();
    tokens.push(subject);
    const response = await exchange(stack.url, subject);
    expect(response.status).toBe(200);
    tokens.push(String(response.body.access_token));

    const found = await capture.until((all) => {
      const issued = requests(all, 'token exchange').find(
        (r) => props(r).outcome === 'issued' && services(dependenciesOf(all, r)).length >= 3,
      );
      return issued && { issued, deps: dependenciesOf(all, issued) };
    });
    expect(props(found.issued)).toMatchObject({
      outcome: 'issued',
      reason: 'none',
      'token.version': '2.0',
      'caller.kind': 'user',
    });
    expect(services(found.deps)).toEqual(['authority', 'graph', 'tables']);
    const urls = found.deps.map((d) => d.data?.baseData?.data ?? '');
    expect(urls.some((u) => u.includes('/discovery/v2.0/keys'))).toBe(true);
    expect(urls.some((u) => /\/users\/REDACTED\/getMemberObjects$/.test(u))).toBe(true);
    expect(urls.some((u) => u.includes("Users(PartitionKey='REDACTED',RowKey='REDACTED')"))).toBe(true);
  });

  it('exports a refused exchange with its reason, and the key-set fetch the unknown key caused', async () => {
    const claims = JSON.parse(
      Buffer.from((await overageToken()).split('.')[1] ?? '', 'base64url').toString(),
    );
    const subject = await stack.authority.sign(claims, { header: { kid: 'not-a-published-key' } });
    tokens.push(subject);
    const response = await exchange(stack.url, subject);
    expect(response.status).toBe(400);
    refusedReason = String(response.body.reason);
    expect(refusedReason).toMatch(/^[a-z_]+$/);

    const found = await capture.until((all) => {
      const refused = requests(all, 'token exchange').find((r) => props(r).reason === refusedReason);
      return (
        refused && dependenciesOf(all, refused).length > 0 && { refused, deps: dependenciesOf(all, refused) }
      );
    });
    expect(props(found.refused)).toMatchObject({
      outcome: 'refused',
      'token.version': '2.0',
      'caller.kind': 'user',
    });
    expect(services(found.deps)).toEqual(['authority']);
  });

  it('exports a directory sync with its Graph and Table Storage calls as dependencies', async () => {
    const run = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
    expect(run.status).toBe(200);
    const found = await capture.until((all) => {
      const sync = requests(all, 'directory sync')[0];
      return (
        sync &&
        services(dependenciesOf(all, sync)).includes('graph') && { sync, deps: dependenciesOf(all, sync) }
      );
    });
    expect(props(found.sync)).toMatchObject({ outcome: 'succeeded', trigger: 'manual', mode: 'full' });
    expect(services(found.deps)).toEqual(expect.arrayContaining(['graph', 'tables']));
  });

  it('exports a failed sync with its error code', async () => {
    stack.graph.faults.down = true;
    try {
      const run = await withBearer(`${stack.url}/api/admin/directory/sync`, admin, { method: 'POST' });
      expect(run.status).toBe(503);
    } finally {
      stack.graph.faults.clear();
    }
    const failed = await capture.until((all) =>
      requests(all, 'directory sync').find((r) => props(r).outcome === 'failed'),
    );
    expect(failed.data?.baseData?.success).toBe(false);
    await capture.until((all) =>
      all.some(
        (e) =>
          e.data?.baseData?.metrics?.[0]?.name === 'entra_bridge.sync.failures' &&
          props(e).code === 'directory_unavailable',
      ),
    );
  });

  it('exports exchange and sync metrics by outcome and reason', async () => {
    const metric = (all: Envelope[], name: string) =>
      all.filter((e) => e.data?.baseData?.metrics?.some((m) => m.name === name));
    await capture.until((all) => metric(all, 'entra_bridge.sync.runs').length > 0);
    const all = capture.envelopes();
    const exchanges = metric(all, 'entra_bridge.exchanges').map(props);
    expect(exchanges).toContainEqual(
      expect.objectContaining({
        outcome: 'issued',
        reason: 'none',
        'token.version': '2.0',
        'caller.kind': 'user',
      }),
    );
    expect(exchanges).toContainEqual(expect.objectContaining({ outcome: 'refused', reason: refusedReason }));
    expect(metric(all, 'entra_bridge.exchange.duration').length).toBeGreaterThan(0);
    expect(metric(all, 'entra_bridge.sync.runs').map(props)).toContainEqual(
      expect.objectContaining({ outcome: 'succeeded', trigger: 'manual' }),
    );
  });

  it('has every name and dimension that the Kusto queries of the README use', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const kusto = [...readme.matchAll(/```kusto\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
    const names = [...kusto.matchAll(/\bname == "([^"]+)"/g)].map((m) => m[1]);
    const dimensions = [...kusto.matchAll(/customDimensions\.([\w.]+)/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(3);
    const all = capture.envelopes();
    const exported = new Set(
      all.flatMap((e) => [e.data?.baseData?.name, ...(e.data?.baseData?.metrics ?? []).map((m) => m.name)]),
    );
    const keys = new Set(all.flatMap((e) => Object.keys(props(e))));
    for (const name of names) expect(exported, name).toContain(name);
    for (const key of dimensions) expect(keys, key).toContain(key);
  });

  it('exports no token, e-mail address, name or object ID of a person anywhere', () => {
    const raw = capture.raw();
    expect(raw.length).toBeGreaterThan(1000);
    const personal = [bob, carol].flatMap((u) => [
      u.userPrincipalName,
      encodeURIComponent(u.userPrincipalName),
      u.mail,
      `${u.givenName} ${u.surname}`,
      u.givenName,
      u.surname,
      u.id,
    ]);
    for (const secret of [...tokens, ...personal]) {
      if (secret) expect(raw).not.toContain(secret);
    }
  });
});
