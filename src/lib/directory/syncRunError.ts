import { type BridgeError, ConflictError, UnavailableError } from '../errors';
import type { SyncRun } from './syncRun';

/** The error a manual run answers with: 409 when another run held the directory, 503 when it failed. */
export function syncRunError(run: SyncRun): BridgeError | undefined {
  if (run.outcome === 'succeeded') return undefined;
  const message = run.error?.message ?? 'The directory sync did not complete.';
  const code = run.error?.code ?? 'sync_running';
  if (run.outcome === 'skipped' || code === 'concurrent_run') return new ConflictError(code, message);
  return new UnavailableError(run.error?.code ?? 'directory_unavailable', message, { retryAfterSeconds: 30 });
}
