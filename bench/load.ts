/** The part of autocannon's result the benchmarks read (autocannon ships no types). */
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number; average: number; max: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

export interface LoadResult {
  /** Successful (2xx) responses per second over the run. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly ok: number;
  /** Non-2xx answers, socket errors and timeouts together. */
  readonly failed: number;
}

/** `POST url` with `body` from `connections` keep-alive connections for `seconds`. */
export async function postLoad(
  url: string,
  body: string,
  options: { connections: number; seconds: number },
  request: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error('benchmarks only target 127.0.0.1');
  const method = request.method ?? 'POST';
  const result = await autocannon({
    url,
    method,
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...request.headers,
    },
    ...(method === 'POST' ? { body } : {}),
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
  });
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
