import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY } from '../../dev/azurite';
import { demoUser } from '../../dev/demoTenant';
import { call, exchange } from '../support/client';
import { type Stack, startStack } from '../support/stack';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';

let proxy: TcpProxy;
let stack: Stack;
beforeAll(async () => {
  // The bridge reaches the shared Azurite through a proxy that the test can cut, so storage
  // goes away mid-run exactly as an unreachable account does (connections refused).
  proxy = await startTcpProxy(Number(process.env.TEST_AZURITE_PORT));
  const connection =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};` +
    `TableEndpoint=http://127.0.0.1:${proxy.port}/${DEV_ACCOUNT};`;
  stack = await startStack({
    settings: { TABLES_CONNECTION: connection, BRIDGE_STORAGE_TIMEOUT_SECONDS: '2' },
  });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const token = () => stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } });
/** A user this instance has never seen, so the exchange must go to storage. */
const newUserToken = () =>
  stack.authority.userToken({
    user: demoUser('bob'),
    overrides: { groups: ['Analysts'], oid: randomUUID() },
  });

describe('Table Storage outage', () => {
  it('answers 503 with Retry-After while storage is down, and recovers when it returns', async () => {
    expect((await exchange(stack.url, await token())).status).toBe(200);

    await proxy.cut();
    const during = await exchange(stack.url, await token());
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during.body).toMatchObject({ error: 'temporarily_unavailable', reason: 'storage_unavailable' });
    const health = await call(`${stack.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unhealthy', checks: { storage: { ok: false } } });

    await proxy.restore();
    expect((await exchange(stack.url, await token())).status).toBe(200);
    expect((await call(`${stack.url}/api/health`)).status).toBe(200);
  });

  it('answers 503 with Retry-After when storage hangs (BRIDGE_STORAGE_TIMEOUT_SECONDS), writes nothing, recovers', async () => {
    expect((await exchange(stack.url, await token())).status).toBe(200);
    const users = await stack.count('Users');

    proxy.stall();
    // Without a request timeout this exchange would wait for the hung account for ever.
    const during = await exchange(stack.url, await newUserToken());
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during.body).toMatchObject({ error: 'temporarily_unavailable', reason: 'storage_unavailable' });

    await proxy.restore();
    expect(await stack.count('Users')).toBe(users); // the refused user was not half-written
    expect((await exchange(stack.url, await newUserToken())).status).toBe(200);
    expect(await stack.count('Users')).toBe(users + 1);
  });

  it('recreates a table that was deleted under it', async () => {
    expect((await exchange(stack.url, await token())).status).toBe(200);
    await stack.table('Users').deleteTable();
    const again = await exchange(stack.url, await token());
    expect(again.status).toBe(200);
    expect(await stack.count('Users')).toBe(1);
  });
});
