import { safeTokenFacts } from '../entra/safeTokenFacts';
import { BridgeError } from '../errors';
import type { ExchangeRecord } from './telemetry';

/**
 * What telemetry learns of one exchange: the outcome, the stable reason code of a refusal, the
 * token's `ver` and whether it is an app-only token — read with the same care as log facts
 * (shape-checked, never the token or a claim that names a person).
 */
export function exchangeRecord(token: string | undefined, startedAt: number, error: unknown): ExchangeRecord {
  const version = safeTokenFacts(token).ver ?? 'unknown';
  let callerKind: ExchangeRecord['callerKind'] = 'unknown';
  try {
    const payload = JSON.parse(
      Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    callerKind =
      payload.idtyp === 'app' || (payload.scp === undefined && payload.roles !== undefined) ? 'app' : 'user';
  } catch {
    callerKind = 'unknown';
  }
  const outcome: ExchangeRecord['outcome'] =
    error === undefined
      ? 'issued'
      : error instanceof BridgeError && error.kind !== 'unavailable'
        ? 'refused'
        : 'failed';
  const reason = error === undefined ? null : error instanceof BridgeError ? error.code : 'internal_error';
  return { outcome, reason, tokenVersion: version, callerKind, durationMs: Date.now() - startedAt };
}

/** Runs `work` and, once it has settled, calls `done` with its error (undefined when it succeeded). */
export async function whenSettled<T>(work: () => Promise<T>, done: (error: unknown) => void): Promise<T> {
  let error: unknown;
  try {
    return await work();
  } catch (err) {
    error = err;
    throw err;
  } finally {
    done(error);
  }
}
