import { createOtelTelemetry } from './otelTelemetry';
import type { Telemetry } from './telemetry';

/**
 * Sets up Azure Monitor's OpenTelemetry distribution once per instance
 * (https://learn.microsoft.com/azure/azure-monitor/app/opentelemetry-enable?tabs=nodejs):
 * trace and metric export to Application Insights, and its HTTP instrumentation, whose client
 * spans are the dependencies (Table Storage, the Entra authority, Microsoft Graph).
 * Loaded only when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set.
 */
export async function startAzureMonitor(connectionString: string): Promise<Telemetry> {
  const [{ useAzureMonitor }, api] = await Promise.all([
    import('@azure/monitor-opentelemetry'),
    import('@opentelemetry/api'),
  ]);
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  return createOtelTelemetry(api);
}
