import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/lib/entra/fetchJson';
import { createPrefetchingFetch } from '../../../src/lib/warmUp/prefetchingFetch';

const URL_A = 'https://login.example/tenant/v2.0/.well-known/openid-configuration';

/** A network that counts requests per URL and answers what `answer` says. */
function network(answer: (url: string) => Promise<Response> | Response = () => Response.json({ ok: 1 })) {
  const calls: string[] = [];
  const fetch: FetchLike = async (input) => {
    calls.push(String(input));
    return answer(String(input));
  };
  return { fetch, calls };
}

describe('createPrefetchingFetch', () => {
  it('answers the first GET of a prefetched URL from the prefetch, later ones from the network', async () => {
    const net = network();
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch);
    expect(await prefetch(URL_A)).toEqual({ ok: 1 });
    const first = await fetch(URL_A, { method: 'GET' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: 1 });
    expect(net.calls).toHaveLength(1);
    await fetch(URL_A);
    expect(net.calls).toHaveLength(2);
  });

  it('lets a caller that arrives during the prefetch wait for it instead of asking again', async () => {
    let release: (r: Response) => void = () => undefined;
    const net = network(() => new Promise<Response>((resolve) => (release = resolve)));
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch);
    const prefetched = prefetch(URL_A);
    await Promise.resolve();
    const answer = fetch(new URL(URL_A));
    release(Response.json({ late: true }));
    expect(await (await answer).json()).toEqual({ late: true });
    expect(await prefetched).toEqual({ late: true });
    expect(net.calls).toHaveLength(1);
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('fetch failed'))],
    ['a non-200 answer', () => new Response('busy', { status: 503 })],
    ['an answer that is not JSON', () => new Response('<html>')],
  ])('forgets a prefetch that met %s: the caller asks the network itself', async (_, answer) => {
    const net = network(answer);
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch);
    expect(await prefetch(URL_A)).toBeUndefined();
    await fetch(URL_A).catch(() => undefined);
    expect(net.calls).toEqual([URL_A, URL_A]);
  });

  it('retries for a caller that waited on a prefetch which then failed', async () => {
    let fail: (e: Error) => void = () => undefined;
    let calls = 0;
    const base: FetchLike = async () => {
      calls += 1;
      if (calls === 1) return new Promise<Response>((_, reject) => (fail = reject));
      return Response.json({ second: true });
    };
    const { fetch, prefetch } = createPrefetchingFetch(base);
    void prefetch(URL_A);
    await Promise.resolve();
    const answer = fetch(URL_A);
    fail(new TypeError('connection refused'));
    expect(await (await answer).json()).toEqual({ second: true });
    expect(calls).toBe(2);
  });

  it('drops a prefetched answer older than maxAgeMs', async () => {
    let clock = 0;
    const net = network();
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch, { maxAgeMs: 1000, now: () => clock });
    await prefetch(URL_A);
    clock = 1001;
    await fetch(URL_A);
    expect(net.calls).toHaveLength(2);
  });

  it('does not keep an answer nobody asked for past maxAgeMs', async () => {
    const net = network();
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch, { maxAgeMs: 20 });
    await prefetch(URL_A);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await fetch(URL_A);
    expect(net.calls).toHaveLength(2);
  });

  it("gives up waiting when the caller's signal aborts, failing the way an aborted fetch does", async () => {
    const base: FetchLike = (_, init) =>
      new Promise<Response>((_, reject) => {
        if (init?.signal?.aborted) reject(init.signal.reason);
      });
    const { fetch, prefetch } = createPrefetchingFetch(base);
    void prefetch(URL_A);
    const controller = new AbortController();
    const answer = fetch(URL_A, { signal: controller.signal });
    controller.abort(new DOMException('too slow', 'TimeoutError'));
    await expect(answer).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('never serves a prefetched answer to another method', async () => {
    const net = network();
    const { fetch, prefetch } = createPrefetchingFetch(net.fetch);
    await prefetch(URL_A);
    await fetch(URL_A, { method: 'POST' });
    await fetch(URL_A);
    expect(net.calls).toHaveLength(2);
  });
});
