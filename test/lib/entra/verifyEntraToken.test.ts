import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../../dev/authority';
import { demoSettings } from '../../../dev/demoSettings';
import { DEMO_TENANT, demoClient, demoUser } from '../../../dev/demoTenant';
import { createDevCa, issueServerCert, trustingFetch } from '../../../dev/tls';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { createEntraTokenVerifier, type EntraTokenVerifier } from '../../../src/lib/entra/verifyEntraToken';
import { BridgeError } from '../../../src/lib/errors';
import { fuzzSeed } from '../../support/fuzzArbitraries';
import { caseTitle, hostileTokens, startTrap } from '../../support/hostileTokens';
import { refusalReason } from '../../support/unitFixtures';

// `verify` takes a fast path (jose first, checks on jose's payload) and names a fault by
// running the ordered checks that `explain` records. These tests hold the two together:
// for every hostile token both give the reason the suites expect, and good tokens pass both.

let authority: LocalAuthority;
let trap: Awaited<ReturnType<typeof startTrap>>;
let verifier: EntraTokenVerifier;
let fetches = 0;
let httpsFetch: typeof fetch;
let settings: Record<string, string>;

beforeAll(async () => {
  const ca = await createDevCa();
  httpsFetch = trustingFetch(ca.certPem);
  trap = await startTrap();
  authority = await startAuthority({
    tls: await issueServerCert(ca),
    tenants: [structuredClone(DEMO_TENANT)],
  });
  settings = demoSettings({
    authorityUrl: authority.url,
    graphUrl: 'https://127.0.0.1:9',
    tablesConnection: 'UseDevelopmentStorage=true',
    port: 7071,
  });
  verifier = createEntraTokenVerifier(loadConfig(settings), {
    fetch: (input, init) => {
      fetches += 1;
      return httpsFetch(input, init);
    },
  });
});

afterAll(async () => {
  await authority?.close();
  await trap?.close();
});

const cases = hostileTokens(
  () => authority,
  () => trap.url,
);

const refusal = refusalReason;

describe('verify and explain agree', () => {
  it.each(cases.map((c) => [caseTitle(c), c.reason, c] as const))(
    '%s → %s from both',
    async (_n, reason, c) => {
      const token = await c.token();
      expect(await refusal(() => verifier.verify(token))).toBe(reason);
      const explained = await verifier.explain(token);
      expect(explained.error?.code).toBe(reason);
      expect(explained.steps.filter((s) => !s.ok).map((s) => s.reason)).toEqual([reason]);
    },
  );

  it.each([
    ['v2 user', () => authority.userToken({ user: demoUser('bob'), version: 2 })],
    ['v1 user', () => authority.userToken({ user: demoUser('bob'), version: 1 })],
    ['v2 app', () => authority.appToken({ clientAppId: demoClient('daemon').appId, version: 2 })],
    ['v1 app', () => authority.appToken({ clientAppId: demoClient('daemon').appId, version: 1 })],
  ] as const)('accepts a genuine %s token on both paths, with the same result', async (_n, issue) => {
    const token = await issue();
    const verified = await verifier.verify(token);
    const explained = await verifier.explain(token);
    expect(explained.error).toBeUndefined();
    expect(explained.token).toEqual(verified);
    expect(explained.steps.every((s) => s.ok)).toBe(true);
  });

  it('agrees on re-signed tokens with random claim changes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = decodeJwt(await authority.userToken({ user: demoUser('bob'), version: 2 }));
    /** The genuine value mostly, else one of `others`. */
    const mostly = (genuine: unknown, ...others: unknown[]) =>
      fc.oneof({ weight: 4, arbitrary: fc.constant(genuine) }, fc.constantFrom(...others));
    const time = (genuine: unknown) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(genuine) },
        fc.integer({ min: now - 4000, max: now + 4000 }),
        fc.constantFrom<unknown>('1', null),
      );
    const changes = fc.record({
      exp: time(base.exp),
      nbf: time(base.nbf),
      iat: time(base.iat),
      aud: mostly(base.aud, DEMO_TENANT.apiAppIdUri, 'api://other', [5]),
      iss: mostly(base.iss, `https://sts.windows.net/${DEMO_TENANT.tenantId}/`, 'x'),
      ver: mostly(base.ver, '1.0', '3.0'),
      azp: mostly(base.azp, demoClient('other').appId),
      groups: fc.array(fc.string(), { maxLength: 3 }),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(changes, async (change) => {
        const token = await authority.sign({ ...base, ...change });
        const fast = await verifier.verify(token).catch((err: unknown) => err);
        const explained = await verifier.explain(token);
        if (fast instanceof BridgeError) expect(explained.error?.code).toBe(fast.code);
        else expect(explained.token).toEqual(fast);
        if (!(fast instanceof Error)) accepted += 1;
      }),
      { seed: fuzzSeed(8725), numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(3);
  });

  it('never fetched a URL from a token, and the key set only a few times', () => {
    expect(trap.hits()).toBe(0);
    // Discovery v1 + v2 and the key set, plus cooldown-limited refetches for unknown kids.
    expect(fetches).toBeLessThanOrEqual(6);
  });
});

describe('warm-up', () => {
  /** A verifier whose network can be cut, counting what reaches the authority. */
  const verifierWithNetwork = () => {
    const network = { up: true, requests: [] as string[] };
    const v = createEntraTokenVerifier(loadConfig(settings), {
      fetch: (input, init) => {
        if (!network.up) return Promise.reject(new TypeError('fetch failed'));
        network.requests.push(String(input));
        return httpsFetch(input, init);
      },
    });
    return { v, network };
  };
  const genuine = () => authority.userToken({ user: demoUser('bob') });

  it('fetches discovery and the key set, so the first token needs no request', async () => {
    const { v, network } = verifierWithNetwork();
    await v.warmUp();
    expect(network.requests.some((url) => url.includes('/discovery/v2.0/keys'))).toBe(true);
    const before = network.requests.length;
    await v.verify(await genuine());
    expect(network.requests.length).toBe(before);
  });

  it('leaves nothing behind when it fails: the first token fetches for itself at once', async () => {
    const { v, network } = verifierWithNetwork();
    network.up = false;
    await expect(v.warmUp()).resolves.toBeUndefined();
    network.up = true;
    await expect(v.verify(await genuine())).resolves.toMatchObject({ version: '2.0' });
  });

  it('leaves no key-set cooldown behind when only the key set failed', async () => {
    const { v, network } = verifierWithNetwork();
    // Discovery first (a malformed token still resolves it), then the key set fails.
    await v.verify('not-a-token').catch(() => undefined);
    network.up = false;
    await v.warmUp();
    network.up = true;
    await expect(v.verify(await genuine())).resolves.toMatchObject({ version: '2.0' });
  });
});
