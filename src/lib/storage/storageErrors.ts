import { RestError } from '@azure/data-tables';
import { UnavailableError } from '../errors';

/** Table Storage status codes the bridge handles itself rather than treating as an outage. */
export function storageStatus(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : undefined;
}

const errorCode = (err: unknown): string | undefined =>
  err instanceof RestError
    ? (err.code ?? (err.details as { errorCode?: string } | undefined)?.errorCode)
    : undefined;

/** The table itself is gone (deleted under us): recreate it, never read it as "no such entity". */
export const isTableMissing = (err: unknown): boolean =>
  storageStatus(err) === 404 &&
  (errorCode(err) === 'TableNotFound' || /TableNotFound/.test(String((err as Error).message)));
export const isConflict = (err: unknown): boolean => storageStatus(err) === 409;
export const isNotFound = (err: unknown): boolean => storageStatus(err) === 404 && !isTableMissing(err);
export const isPreconditionFailed = (err: unknown): boolean => storageStatus(err) === 412;

/**
 * The one translator for Table Storage failures that are not part of the normal flow
 * (network errors, timeouts, 5xx, throttling): the caller gets a 503 with Retry-After, never
 * a 500 and never a 401. Anything else is a programming error and is rethrown as is.
 */
export function toStorageUnavailable(err: unknown): never {
  if (isTableMissing(err)) throw err; // BridgeTable.use recreates the table and retries
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
