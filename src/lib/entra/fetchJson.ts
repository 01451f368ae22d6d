import { UnavailableError } from '../errors';

/** The network, swappable for tests and benchmarks (jose's `customFetch` idea). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * GET a JSON document from a URL that came from settings (never from a token), with a
 * timeout and no redirects. Any failure is an outage of the identity provider: 503.
 */
export async function fetchJson(
  fetchImpl: FetchLike,
  url: string,
  what: string,
  timeoutMs = 5000,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new UnavailableError('keys_unavailable', `Could not reach the ${what}.`, { cause });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new UnavailableError('keys_unavailable', `The ${what} answered HTTP ${response.status}.`);
  }
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch (cause) {
    throw new UnavailableError('keys_unavailable', `The ${what} did not answer JSON.`, { cause });
  }
  throw new UnavailableError('keys_unavailable', `The ${what} did not answer a JSON object.`);
}
