import { GraphError } from './graphError';

/** Faults a test injects; see {@link LocalGraph.faults}. */
export interface GraphFaults {
  /** The next `count` matching requests get 429 `TooManyRequests` with `Retry-After`. */
  throttle(count: number, retryAfterSeconds?: number, match?: RegExp): void;
  /** The next `count` matching requests fail; 503/504 carry `Retry-After` too. */
  fail(count: number, status?: 500 | 503 | 504, match?: RegExp, retryAfterSeconds?: number): void;
  /** While true, every request answers 503 `serviceNotAvailable`. */
  down: boolean;
  /** Drops pending throttles and failures, clears `down`. */
  clear(): void;
}

interface PendingFault {
  remaining: number;
  match: RegExp | undefined;
  error: () => GraphError;
}

/** The fault injector plus `take`, which the server calls once per (outer or inner) request. */
export interface FaultInjector extends GraphFaults {
  /** Consumes the first pending fault matching `target` (`/v1.0/…?query`) and returns its error. */
  take(target: string): GraphError | null;
}

const FAILURES: Record<500 | 503 | 504, [string, string]> = {
  500: ['generalException', 'An unspecified error has occurred.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry after some time.'],
  504: ['GatewayTimeout', 'The gateway timed out waiting for the service.'],
};

/** Creates an injector with no pending faults. Faults are consumed in the order they were added. */
export function createFaults(): FaultInjector {
  let pending: PendingFault[] = [];
  const faults: FaultInjector = {
    down: false,
    // Graph's throttling answer: 429 with Retry-After in seconds (https://learn.microsoft.com/graph/throttling).
    throttle(count, retryAfterSeconds = 1, match) {
      const headers = { 'Retry-After': String(retryAfterSeconds) };
      const error = () => new GraphError(429, 'TooManyRequests', 'Too many requests.', headers);
      pending.push({ remaining: count, match, error });
    },
    fail(count, status = 503, match, retryAfterSeconds = 1) {
      const [code, message] = FAILURES[status];
      const headers: Record<string, string> =
        status === 500 ? {} : { 'Retry-After': String(retryAfterSeconds) };
      pending.push({ remaining: count, match, error: () => new GraphError(status, code, message, headers) });
    },
    clear() {
      pending = [];
      faults.down = false;
    },
    take(target) {
      const fault = pending.find((f) => f.remaining > 0 && (!f.match || target.search(f.match) !== -1));
      if (!fault) return null;
      fault.remaining -= 1;
      pending = pending.filter((f) => f.remaining > 0);
      return fault.error();
    },
  };
  return faults;
}

/** The answer while {@link GraphFaults.down} is set. */
export function serviceDown(): GraphError {
  const [code, message] = FAILURES[503];
  return new GraphError(503, code, message, { 'Retry-After': '1' });
}
