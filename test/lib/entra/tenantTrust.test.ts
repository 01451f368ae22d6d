import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTenantTrust } from '../../../src/lib/entra/tenantTrust';
import { TENANT, unitConfig } from '../../support/unitFixtures';

const HOST = 'https://login.test';
const config = unitConfig({ OAUTH_AUTHORITY_HOST: HOST });
const V1_ISSUER = `https://sts.windows.net/${TENANT}/`;
const V2_ISSUER = `${HOST}/${TENANT}/v2.0`;

/** The authority's discovery documents (each naming its own key set) and the v2 key set, while `up`. */
async function network() {
  const { publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  const state = { up: true, requests: [] as string[] };
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string | URL | Request) => {
    const url = String(input);
    state.requests.push(url);
    if (!state.up) throw new TypeError('fetch failed');
    if (url.endsWith('/keys')) return json(jwks);
    const v2 = url.includes('/v2.0/');
    return json({
      issuer: v2 ? V2_ISSUER : V1_ISSUER,
      jwks_uri: `${HOST}/${TENANT}/discovery/${v2 ? 'v2.0/' : ''}keys`,
    });
  };
  return { state, fetch };
}

describe('createTenantTrust', () => {
  it("resolves each version's issuer with the v2 document's key set, once", async () => {
    const { state, fetch } = await network();
    const trust = createTenantTrust(config, fetch);
    expect(trust.trusted()).toBeUndefined();
    const v1 = await trust.forVersion('1.0');
    const v2 = await trust.forVersion('2.0');
    expect(v1.issuer).toBe(V1_ISSUER);
    expect(v2.issuer).toBe(V2_ISSUER);
    expect(v1.keys).toBe(v2.keys);
    const documents = state.requests.length;
    await trust.forVersion('1.0');
    expect(state.requests.length).toBe(documents);
  });

  it('gives the fast path every issuer in one set of jose options', async () => {
    const trust = createTenantTrust(config, (await network()).fetch);
    const trusted = await trust.resolveTrusted();
    expect(trust.trusted()).toBe(trusted);
    expect([...trusted.issuers]).toEqual([
      ['1.0', V1_ISSUER],
      ['2.0', V2_ISSUER],
    ]);
    expect(trusted.jose).toMatchObject({
      algorithms: ['RS256'],
      issuer: [V1_ISSUER, V2_ISSUER],
      requiredClaims: ['exp', 'iat'],
      clockTolerance: config.clockSkewSeconds,
    });
    expect(trust.joseOptions(V2_ISSUER).audience).toEqual([...config.acceptedAudiences]);
  });

  it('warms up the key set, and never rejects while the authority is down', async () => {
    const up = createTenantTrust(config, (await network()).fetch);
    await up.warmUp();
    expect(up.keyStats()).toEqual({ fetches: 1, failures: 0 });
    const { state, fetch } = await network();
    state.up = false;
    const down = createTenantTrust(config, fetch);
    await expect(down.warmUp()).resolves.toBeUndefined();
    expect(down.trusted()).toBeUndefined();
  });
});
