import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzuriteTables, startAzuriteTables } from '../../dev/azurite';
import { demoUser } from '../../dev/demoTenant';
import { exchange } from '../support/client';
import { type Stack, startStack } from '../support/stack';

let azurite: AzuriteTables;
let stack: Stack;
beforeAll(async () => {
  azurite = await startAzuriteTables();
  stack = await startStack({ settings: { TABLES_CONNECTION: azurite.connectionString } });
});
afterAll(async () => {
  await stack?.stop();
  await azurite?.stop();
});

describe('Azurite stopped mid-run', () => {
  it('answers 503 + Retry-After while it is down and recovers, tables recreated, when it is back', async () => {
    // An administrator needs no platform group, so the exchange works on an empty account too.
    const token = () =>
      stack.authority.userToken({ user: demoUser('alice'), overrides: { isPlatformAdmin: 'is_admin' } });
    expect((await exchange(stack.url, await token())).status).toBe(200);

    await azurite.stop();
    const down = await exchange(stack.url, await token());
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(down.body).toMatchObject({ reason: 'storage_unavailable' });

    await azurite.start(); // in memory: a fresh, empty account on the same port
    const back = await exchange(stack.url, await token());
    expect(back.status).toBe(200);
    expect(await stack.count('Users')).toBe(1);
  });
});
