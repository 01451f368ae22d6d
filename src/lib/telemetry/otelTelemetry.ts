import type * as OTel from '@opentelemetry/api';
import type { Telemetry } from './telemetry';

/**
 * Telemetry on the OpenTelemetry API: whoever registered the global tracer and meter providers
 * (Azure Monitor in production, in-memory exporters in tests) receives
 * - a span `token exchange` per exchange with `outcome`, `reason`, `token.version`, `caller.kind`;
 * - `entra_bridge.exchanges` (counter) and `entra_bridge.exchange.duration` (histogram, ms) with
 *   the same attributes;
 * - `entra_bridge.sync.runs` (by outcome), `entra_bridge.sync.changes` (by kind) and
 *   `entra_bridge.sync.failures` (by error code).
 * Attributes are codes only: no token, e-mail, name or other claim value ever goes out.
 */
export function createOtelTelemetry(api: typeof OTel): Telemetry {
  const tracer = api.trace.getTracer('entra-bridge');
  const meter = api.metrics.getMeter('entra-bridge');
  const exchanges = meter.createCounter('entra_bridge.exchanges', { description: 'Token exchanges' });
  const latency = meter.createHistogram('entra_bridge.exchange.duration', {
    description: 'Token exchange latency',
    unit: 'ms',
  });
  const runs = meter.createCounter('entra_bridge.sync.runs', { description: 'Directory sync runs' });
  const changes = meter.createCounter('entra_bridge.sync.changes', {
    description: 'Changes made by the sync',
  });
  const failures = meter.createCounter('entra_bridge.sync.failures', { description: 'Failed sync runs' });
  return {
    exchange(record) {
      const attributes = {
        outcome: record.outcome,
        reason: record.reason ?? 'none',
        'token.version': record.tokenVersion,
        'caller.kind': record.callerKind,
      };
      const end = Date.now();
      const span = tracer.startSpan('token exchange', {
        kind: api.SpanKind.SERVER,
        startTime: end - record.durationMs,
        attributes,
      });
      span.setStatus({
        code: record.outcome === 'failed' ? api.SpanStatusCode.ERROR : api.SpanStatusCode.OK,
      });
      span.end(end);
      exchanges.add(1, attributes);
      latency.record(record.durationMs, attributes);
    },
    syncRun(run) {
      runs.add(1, { outcome: run.outcome, trigger: run.trigger });
      const counts = {
        groups_added: run.added,
        groups_renamed: run.renamed,
        groups_deleted: run.deleted,
        users_disabled: run.usersDisabled,
        users_enabled: run.usersEnabled,
      };
      for (const [kind, n] of Object.entries(counts)) if (n > 0) changes.add(n, { kind });
      if (run.outcome === 'failed') failures.add(1, { code: run.error?.code ?? 'unknown' });
    },
  };
}
