import { describe, expect, it } from 'vitest';
import { createTenantMetadata } from '../../../src/lib/entra/tenantMetadata';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const HOST = 'https://login.test';

/** A network that answers discovery documents while `up`, and counts every request. */
function network() {
  const state = { up: false, requests: [] as string[] };
  const fetch = async (input: string | URL | Request) => {
    const url = String(input);
    state.requests.push(url);
    if (!state.up) throw new TypeError('fetch failed');
    const v2 = url.includes('/v2.0/');
    return new Response(
      JSON.stringify({
        issuer: v2 ? `${HOST}/${TENANT}/v2.0` : `https://sts.windows.net/${TENANT}/`,
        jwks_uri: `${HOST}/${TENANT}/discovery/v2.0/keys`,
      }),
      { headers: { 'content-type': 'application/json' } },
    );
  };
  return { state, fetch };
}

describe('createTenantMetadata', () => {
  it('cools failures down: a flood while the authority fails makes one fetch per document and cooldown', async () => {
    const { state, fetch } = network();
    let now = 0;
    const metadata = createTenantMetadata({
      authorityHost: HOST,
      tenantId: TENANT,
      fetch,
      cooldownSeconds: 60,
      now: () => now,
    });
    const flood = () =>
      Promise.allSettled(Array.from({ length: 50 }, (_, i) => metadata(i % 2 === 0 ? '2.0' : '1.0')));
    const results = await flood();
    expect(
      results.every(
        (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'keys_unavailable',
      ),
    ).toBe(true);
    now = 59_000;
    await flood();
    expect(state.requests).toHaveLength(2); // one v1 and one v2 document
    state.up = true;
    now = 60_000;
    await expect(metadata('2.0')).resolves.toMatchObject({ issuer: `${HOST}/${TENANT}/v2.0` });
    await metadata('2.0');
    expect(state.requests).toHaveLength(3);
  });

  it('forgets failures on request, so a failed warm-up does not hold back the first token', async () => {
    const { state, fetch } = network();
    const metadata = createTenantMetadata({
      authorityHost: HOST,
      tenantId: TENANT,
      fetch,
      cooldownSeconds: 60,
      now: () => 0,
    });
    await expect(metadata('2.0')).rejects.toMatchObject({ code: 'keys_unavailable' });
    state.up = true;
    metadata.forgetFailures();
    await expect(metadata('2.0')).resolves.toMatchObject({
      jwksUri: `${HOST}/${TENANT}/discovery/v2.0/keys`,
    });
  });
});
