import { createOtelTelemetry } from './otelTelemetry';
import { createRedactingSpanProcessor } from './redactingSpanProcessor';
import type { Telemetry } from './telemetry';

/**
 * Sets up Azure Monitor's OpenTelemetry distribution once per instance
 * (https://learn.microsoft.com/azure/azure-monitor/app/opentelemetry-enable?tabs=nodejs):
 * trace and metric export to Application Insights, and the instrumentations whose client
 * spans are the dependencies:
 * - the distro's `http` instrumentation: Table Storage and `@azure/identity` (Node's `http`/`https`);
 * - `undici`, which the distro leaves out: Node's global `fetch`, through which the tenant's
 *   discovery documents and key set (jose) and Microsoft Graph (its SDK) are fetched
 *   (https://www.npmjs.com/package/@opentelemetry/instrumentation-undici).
 * Incoming HTTP is not traced: the `token exchange` and `directory sync` spans are the
 * requests. URLs are redacted before export ({@link createRedactingSpanProcessor}).
 * Loaded only when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set.
 */
export async function startAzureMonitor(connectionString: string): Promise<Telemetry> {
  const [{ useAzureMonitor }, api, { UndiciInstrumentation }] = await Promise.all([
    import('@azure/monitor-opentelemetry'),
    import('@opentelemetry/api'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    instrumentationOptions: {
      http: { enabled: true, disableIncomingRequestInstrumentation: true } as object,
    },
    spanProcessors: [createRedactingSpanProcessor() as never],
  });
  // Enabled on construction, on the global tracer provider the distro has just registered.
  new UndiciInstrumentation().setTracerProvider(api.trace.getTracerProvider());
  // The `http` instrumentation patches a core module when it is next `require`d (a hook on
  // CommonJS loading; `import()` would bypass it); the app loaded `http` and `https` before
  // telemetry started, so they are required again here.
  require('node:http');
  require('node:https');
  return createOtelTelemetry(api);
}
