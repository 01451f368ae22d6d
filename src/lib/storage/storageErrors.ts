import { RestError } from '@azure/data-tables';
import { UnavailableError } from '../errors';

/** Table Storage status codes the bridge handles itself rather than treating as an outage. */
export function storageStatus(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : undefined;
}

export const isConflict = (err: unknown): boolean => storageStatus(err) === 409;
export const isNotFound = (err: unknown): boolean => storageStatus(err) === 404;
export const isPreconditionFailed = (err: unknown): boolean => storageStatus(err) === 412;

/**
 * The one translator for Table Storage failures that are not part of the normal flow
 * (network errors, timeouts, 5xx, throttling): the caller gets a 503 with Retry-After, never
 * a 500 and never a 401. Anything else is a programming error and is rethrown as is.
 */
export function toStorageUnavailable(err: unknown): never {
  const status = storageStatus(err);
  const transient =
    status === undefined ||
    status === 408 ||
    status === 429 ||
    status >= 500 ||
    (err as Error)?.name === 'AbortError';
  if (transient) {
    throw new UnavailableError('storage_unavailable', 'Table Storage is unavailable; try again shortly.', {
      cause: err,
      retryAfterSeconds: 5,
    });
  }
  throw err;
}
