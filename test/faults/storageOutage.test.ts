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
  stack = await startStack({ settings: { TABLES_CONNECTION: connection } });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const token = () => stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } });

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

  it('recreates a table that was deleted under it', async () => {
    expect((await exchange(stack.url, await token())).status).toBe(200);
    await stack.table('Users').deleteTable();
    const again = await exchange(stack.url, await token());
    expect(again.status).toBe(200);
    expect(await stack.count('Users')).toBe(1);
  });
});
