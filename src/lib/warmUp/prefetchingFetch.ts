import type { FetchLike } from '../entra/fetchJson';

/** A `fetch` that can be told to GET a URL ahead of time. */
export interface PrefetchingFetch {
  /** Answers the first GET of a prefetched URL from the prefetch; everything else goes to the network. */
  readonly fetch: FetchLike;
  /**
   * GETs `url` now. Resolves with the answer's JSON, or `undefined` when the request failed,
   * was not a 200 or not JSON; a failed prefetch is forgotten, so the next `fetch` of the URL
   * makes its own request exactly as if nothing had been prefetched. Never rejects.
   */
  prefetch(url: string): Promise<unknown>;
}

export interface PrefetchingFetchOptions {
  /** A prefetched answer older than this is dropped unused: the caller then gets a fresh one. */
  maxAgeMs?: number;
  timeoutMs?: number;
  /** Milliseconds (monotonic is fine). */
  now?: () => number;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ArrayBuffer;
}

/**
 * Wraps `base` so that documents the first request will need (discovery, key set) can be
 * fetched while the instance starts, through the same `fetch` option the verifier already
 * takes (CONVENTIONS.md: inject the network). Each prefetched answer serves one GET, then
 * the URL goes to the network again, so the caller's own caching and refresh rules stay in
 * charge; a caller that arrives while the prefetch is in flight waits for it, within its
 * own `signal`.
 */
export function createPrefetchingFetch(
  base: FetchLike,
  options: PrefetchingFetchOptions = {},
): PrefetchingFetch {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  const pending = new Map<string, { at: number; answer: Promise<Answer | undefined> }>();

  const fetchThrough: FetchLike = async (input, init) => {
    const entry = pending.size > 0 ? pending.get(urlKey(input)) : undefined;
    if (entry && (init?.method ?? 'GET').toUpperCase() === 'GET') {
      pending.delete(urlKey(input));
      if (now() - entry.at <= maxAgeMs) {
        const answer = await untilAborted(entry.answer, init?.signal ?? undefined);
        if (answer) return new Response(answer.body, { status: answer.status, headers: answer.headers });
      }
    }
    // Also when the caller's signal fired while it waited: the network call then fails the
    // way an aborted fetch does, with the caller's own reason.
    return base(input, init);
  };

  const prefetch = async (url: string): Promise<unknown> => {
    const answer = Promise.resolve()
      .then(() =>
        base(url, {
          method: 'GET',
          redirect: 'manual',
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        }),
      )
      .then(async (response): Promise<Answer | undefined> => {
        if (response.status !== 200) {
          await response.body?.cancel();
          return undefined;
        }
        return { status: response.status, headers: response.headers, body: await response.arrayBuffer() };
      })
      .catch(() => undefined);
    const key = urlKey(url);
    const entry = { at: now(), answer };
    pending.set(key, entry);
    const forget = () => {
      if (pending.get(key) === entry) pending.delete(key);
      return undefined;
    };
    // An answer nobody asked for (say the v1 document when only v2 tokens come) is not kept.
    setTimeout(forget, maxAgeMs).unref();
    const settled = await answer;
    if (!settled) return forget();
    try {
      return JSON.parse(new TextDecoder().decode(settled.body)) as unknown;
    } catch {
      return forget();
    }
  };

  return { fetch: fetchThrough, prefetch };
}

/** Callers spell one URL differently (jose passes `new URL(…).href`): compare normalised. */
function urlKey(input: string | URL): string {
  try {
    return new URL(String(input)).href;
  } catch {
    return String(input);
  }
}

/** `promise`, or `undefined` as soon as `signal` aborts. */
function untilAborted<T>(
  promise: Promise<T | undefined>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
