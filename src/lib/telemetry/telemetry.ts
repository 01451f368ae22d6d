import type { Reason } from '../reasons';
import type { SyncRun } from '../directory/syncRun';

/** One exchange as telemetry records it: outcome and stable reason code, never a token or a claim value. */
export interface ExchangeRecord {
  readonly outcome: 'issued' | 'refused' | 'failed';
  /** The stable reason code (`user_disabled`, `bad_signature`, …); null when issued. */
  readonly reason: Reason | null;
  /** `1.0`, `2.0`, or `unknown` when the token could not be read. */
  readonly tokenVersion: string;
  /** `user` (delegated), `app` (client credentials), or `unknown`. */
  readonly callerKind: 'user' | 'app' | 'unknown';
  readonly durationMs: number;
}

/** Traces and metrics of the bridge; a no-op unless Application Insights is configured. */
export interface Telemetry {
  /**
   * Runs one exchange inside its span, active while `work` runs so that the outgoing calls it
   * makes (Table Storage, the authority, Graph) are its dependencies; `token` is asked for the
   * presented token (to read its version and caller kind) when the exchange has ended.
   */
  exchange<T>(work: () => Promise<T>, token: () => string | undefined): Promise<T>;
  /** Records an exchange that ran before telemetry was ready (a span dated back to its start). */
  recordExchange(record: ExchangeRecord): void;
  /** Runs one directory sync inside its span, then records the run's metrics. */
  sync(work: () => Promise<SyncRun>): Promise<SyncRun>;
  /** Records the metrics of a sync that ran before telemetry was ready. */
  recordSync(run: SyncRun): void;
}

export const NO_TELEMETRY: Telemetry = {
  exchange: (work) => work(),
  recordExchange: () => undefined,
  sync: (work) => work(),
  recordSync: () => undefined,
};
