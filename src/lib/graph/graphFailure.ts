import { UnavailableError } from '../errors';

/** Why a Graph call failed, as the directory code needs to tell the cases apart. */
export type GraphFailureReason =
  | 'unavailable' // network error, timeout, 5xx, or 429/503/504 still failing after bounded retries
  | 'credential' // the bridge could not get a token for Graph (AuthenticationError, no managed identity…)
  | 'forbidden' // 401/403: the token lacks the application permissions (see README "Graph permissions")
  | 'not_found' // 404 Request_ResourceNotFound (e.g. a user unknown to the directory)
  | 'sync_state_not_found' // delta token expired or unknown: resync from scratch (group-delta)
  | 'bad_request'; // any other 4xx: a bug on our side, reported as is

/**
 * A failed Graph call. It is an `UnavailableError` (`directory_unavailable`, 503 +
 * Retry-After at the edge) because for a caller every Graph failure means "the directory
 * cannot answer now"; `reason` lets the sync tell a resync from an outage.
 */
export class GraphFailure extends UnavailableError {
  readonly reason: GraphFailureReason;
  /** HTTP status Graph answered, or -1 when no answer came. */
  readonly status: number;
  /** Graph's `error.code` (`TooManyRequests`, `syncStateNotFound`…) or the credential error name. */
  readonly graphCode: string | undefined;

  constructor(
    reason: GraphFailureReason,
    status: number,
    graphCode: string | undefined,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super('directory_unavailable', message, options);
    this.reason = reason;
    this.status = status;
    this.graphCode = graphCode;
  }
}

const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

/** Reads `Retry-After` (seconds or an HTTP date) from an SDK error's or a response's headers. */
export function retryAfterSeconds(headers: unknown, now = Date.now()): number | undefined {
  const raw = headers instanceof Headers ? headers.get('retry-after') : null;
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = /^\d+$/.test(raw.trim()) ? Number(raw) : (Date.parse(raw) - now) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

/**
 * The one translator from what `@microsoft/microsoft-graph-client` throws (its `GraphError`
 * with `statusCode`, `code`, `headers`; -1 when no HTTP answer came, e.g. a credential or
 * network error) to a {@link GraphFailure}. Matches on fields, never on `instanceof`.
 */
export function toGraphFailure(err: unknown): GraphFailure {
  if (err instanceof GraphFailure) return err;
  const e = (err ?? {}) as { statusCode?: unknown; code?: unknown; headers?: unknown; name?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : -1;
  const code = typeof e.code === 'string' && e.code !== '' ? e.code : undefined;
  const name = typeof e.name === 'string' ? e.name : undefined;
  const retryAfter = retryAfterSeconds(e.headers);
  const options = { cause: err, retryAfterSeconds: Math.max(retryAfter ?? 5, 1) };
  const fail = (reason: GraphFailureReason, message: string) =>
    new GraphFailure(reason, status, code ?? name, message, options);

  if ((code && CREDENTIAL_ERRORS.has(code)) || (name && CREDENTIAL_ERRORS.has(name))) {
    return fail('credential', 'The bridge could not get a token for Microsoft Graph.');
  }
  if (/syncStateNotFound|resyncRequired|SyncStateInvalid/i.test(code ?? '') || status === 410) {
    return fail('sync_state_not_found', 'The Graph delta token expired; a full resync is needed.');
  }
  if (status === 401 || status === 403) {
    return fail('forbidden', `Microsoft Graph refused the bridge's token (${status} ${code ?? ''}).`.trim());
  }
  if (status === 404) return fail('not_found', 'Microsoft Graph does not know this object.');
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return fail('bad_request', `Microsoft Graph rejected the request (${status} ${code ?? ''}).`.trim());
  }
  const what = status === -1 ? 'is unreachable' : `answered ${status}${code ? ` ${code}` : ''}`;
  return fail('unavailable', `Microsoft Graph ${what}; try again later.`);
}
