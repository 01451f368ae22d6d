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
  exchange(record: ExchangeRecord): void;
  syncRun(run: SyncRun): void;
}

export const NO_TELEMETRY: Telemetry = { exchange: () => undefined, syncRun: () => undefined };

let started: Promise<Telemetry> | undefined;

/**
 * The instance's telemetry. Without `APPLICATIONINSIGHTS_CONNECTION_STRING` nothing is loaded
 * (the OpenTelemetry SDK and the Azure Monitor exporter are imported lazily, so a cold start
 * without them pays nothing). With it, `@azure/monitor-opentelemetry` is set up once: it
 * exports this module's spans and metrics and the dependency spans of outgoing HTTP (Table
 * Storage, the authority, Graph). A failure to start never fails a request.
 */
export function telemetryFor(connectionString: string | undefined): Promise<Telemetry> {
  if (!connectionString) return Promise.resolve(NO_TELEMETRY);
  started ??= import('./azureMonitorTelemetry.js')
    .then((m) => m.startAzureMonitor(connectionString))
    .catch(() => NO_TELEMETRY);
  return started;
}
