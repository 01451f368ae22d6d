import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../dev/authority';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { loadConfig } from '../../src/lib/config/loadConfig';
import { createEntraTokenVerifier, type EntraTokenVerifier } from '../../src/lib/entra/verifyEntraToken';
import { BridgeError } from '../../src/lib/errors';
import { serverTls } from '../support/testCa';

let authority: LocalAuthority;
let verifier: EntraTokenVerifier;
const COOLDOWN_SECONDS = 1;

beforeAll(async () => {
  authority = await startAuthority({ tls: await serverTls(), tenants: [structuredClone(DEMO_TENANT)] });
});
afterAll(() => authority?.close());
beforeEach(() => {
  authority.faults.jwksDown = false;
  authority.stats.reset();
  verifier = createEntraTokenVerifier(
    loadConfig({
      OAUTH_ENABLED: 'true',
      OAUTH_TENANT_ID: DEMO_TENANT.tenantId,
      OAUTH_APPLICATION_ID: DEMO_TENANT.apiAppId,
      OAUTH_CLIENT_APPLICATION_IDS: demoClient('web').appId,
      OAUTH_AUTHORITY_HOST: authority.url,
      OAUTH_KEYS_REFRESH_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS),
    }),
  );
});

const userToken = () => authority.userToken({ user: demoUser('bob') });
const withKid = async (kid: string) =>
  authority.sign({ ...(await decode(await userToken())) }, { header: { kid } });
const decode = async (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
const reasonOf = async (token: string) => {
  try {
    await verifier.verify(token);
    return 'ok';
  } catch (err) {
    if (err instanceof BridgeError) return `${err.kind}:${err.code}`;
    throw err;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tenant key endpoint faults', () => {
  it('keeps verifying with cached keys while the key endpoint is down', async () => {
    expect(await reasonOf(await userToken())).toBe('ok');
    authority.faults.jwksDown = true;
    expect(await reasonOf(await userToken())).toBe('ok');
  });

  it('answers 503 (not 401, not 500) for an unknown kid while the endpoint is down, and recovers', async () => {
    expect(await reasonOf(await userToken())).toBe('ok');
    authority.faults.jwksDown = true;
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    expect(await reasonOf(await withKid('rotated-key-we-cannot-see'))).toBe('unavailable:keys_unavailable');
    authority.faults.jwksDown = false;
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    expect(await reasonOf(await withKid('still-unknown'))).toBe('invalid_token:unknown_key');
  });

  it('answers 503 when the first key fetch fails, then recovers without a restart', async () => {
    authority.faults.jwksDown = true;
    expect(await reasonOf(await userToken())).toBe('unavailable:keys_unavailable');
    authority.faults.jwksDown = false;
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    expect(await reasonOf(await userToken())).toBe('ok');
  });

  it('picks up a rotated key, fetching the key set once per cooldown at most', async () => {
    expect(await reasonOf(await userToken())).toBe('ok');
    const fetchesBefore = authority.stats.jwksRequests;
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    await authority.rotateKeys();
    expect(await reasonOf(await userToken())).toBe('ok');
    expect(authority.stats.jwksRequests).toBe(fetchesBefore + 1);
  });

  it('makes at most one key-set fetch for a flood of unknown kids', async () => {
    expect(await reasonOf(await userToken())).toBe('ok');
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    const before = authority.stats.jwksRequests;
    const reasons = await Promise.all(
      Array.from({ length: 50 }, (_, i) => withKid(`made-up-${i}`).then(reasonOf)),
    );
    expect(new Set(reasons)).toEqual(new Set(['invalid_token:unknown_key']));
    expect(authority.stats.jwksRequests - before).toBe(1);
  });

  it('makes at most one fetch for a flood of unknown kids while the endpoint is down', async () => {
    expect(await reasonOf(await userToken())).toBe('ok');
    authority.faults.jwksDown = true;
    await sleep(COOLDOWN_SECONDS * 1000 + 50);
    const before = authority.stats.jwksRequests;
    for (let i = 0; i < 20; i++) {
      expect(await reasonOf(await withKid(`made-up-${i}`))).toBe('unavailable:keys_unavailable');
    }
    expect(authority.stats.jwksRequests - before).toBe(1);
  });
});
