import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { call } from '../support/client';
import {
  applyAll,
  authorizationValue,
  exchangeBody,
  fuzzSeed,
  mutations,
  randomJws,
} from '../support/fuzzArbitraries';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
/** A genuine token, never sent as is: only its mutations are. */
let genuine = '';
beforeAll(async () => {
  stack = await startStack({ settings: { OAUTH_LOG_ERRORS: 'true' } });
  genuine = await stack.authority.userToken({ user: demoUser('bob'), overrides: { groups: ['Analysts'] } });
});
afterAll(() => stack?.stop());

/** Mutated genuine tokens (never the genuine one) and random compact JWS. */
const hostileToken = () =>
  fc.oneof(
    mutations.map((moves) => applyAll(genuine, moves)).filter((t) => t !== genuine),
    randomJws,
  );

const statuses: number[] = [];

describe('fuzz over HTTP: never a 5xx, never a write', () => {
  it('POST /api/token with random and mutated requests', async () => {
    await fc.assert(
      fc.asyncProperty(exchangeBody(hostileToken()), async ({ contentType, body }) => {
        const response = await call(`${stack.url}/api/token`, {
          method: 'POST',
          headers: contentType === '' ? {} : { 'content-type': contentType },
          body: new TextEncoder().encode(body),
        });
        statuses.push(response.status);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body).toMatchObject({ reason: expect.any(String) });
      }),
      { numRuns: 120, seed: fuzzSeed(0x477901) },
    );
    expect(await stack.count('Users')).toBe(0);
  });

  it('GET /api/me with random and mutated Authorization headers', async () => {
    await fc.assert(
      fc.asyncProperty(authorizationValue(hostileToken()), async (authorization) => {
        const response = await call(`${stack.url}/api/me`, {
          headers: authorization === '' ? {} : { authorization },
        });
        statuses.push(response.status);
        expect([400, 401, 431]).toContain(response.status);
        if (response.status !== 431)
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      }),
      { numRuns: 120, seed: fuzzSeed(0x477902) },
    );
    expect(await stack.count('Users')).toBe(0);
  });

  it('the host logged no unexpected error and no token', () => {
    expect(statuses.length).toBe(240);
    const logs = stack.logs();
    expect(logs).not.toMatch(/unexpected /);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
