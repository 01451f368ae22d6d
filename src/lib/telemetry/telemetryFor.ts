import { exchangeRecord, whenSettled } from './exchangeRecord';
import { NO_TELEMETRY, type Telemetry } from './telemetry';

let started: Promise<Telemetry> | undefined;
let ready: Telemetry | undefined;

/**
 * Starts the instance's telemetry once. Without `APPLICATIONINSIGHTS_CONNECTION_STRING` nothing
 * is loaded (the OpenTelemetry SDK and the Azure Monitor exporter are imported lazily, so a cold
 * start without them pays nothing). With it, `@azure/monitor-opentelemetry` is set up once: it
 * exports this module's spans and metrics and the dependency spans of outgoing HTTP (Table
 * Storage, the authority, Graph). A failure to start never fails a request.
 */
export function telemetryFor(connectionString: string | undefined): Promise<Telemetry> {
  if (!connectionString) return Promise.resolve(NO_TELEMETRY);
  started ??= import('./azureMonitorTelemetry.js')
    .then((m) => m.startAzureMonitor(connectionString))
    .catch(() => NO_TELEMETRY)
    .then((telemetry) => {
      ready = telemetry;
      return telemetry;
    });
  return started;
}

/**
 * The instance's telemetry without waiting for it: once started, the real one; while it is
 * still starting, one that runs the work untraced and records it when telemetry is ready, so
 * no request waits for the SDK to load.
 */
export function telemetryNow(connectionString: string | undefined): Telemetry {
  if (!connectionString) return NO_TELEMETRY;
  const starting = telemetryFor(connectionString);
  return ready ?? lateTelemetry(starting);
}

function lateTelemetry(starting: Promise<Telemetry>): Telemetry {
  const later = (record: (telemetry: Telemetry) => void) => void starting.then(record);
  return {
    exchange(work, token) {
      const startedAt = Date.now();
      return whenSettled(work, (error) => {
        const record = exchangeRecord(token(), startedAt, error);
        later((t) => t.recordExchange(record));
      });
    },
    recordExchange: (record) => later((t) => t.recordExchange(record)),
    async sync(work) {
      const run = await work();
      later((t) => t.recordSync(run));
      return run;
    },
    recordSync: (run) => later((t) => t.recordSync(run)),
  };
}
