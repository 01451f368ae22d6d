import type * as OTel from '@opentelemetry/api';
import type { SyncRun } from '../directory/syncRun';
import { exchangeRecord, whenSettled } from './exchangeRecord';
import type { ExchangeRecord, Telemetry } from './telemetry';

/**
 * Telemetry on the OpenTelemetry API: whoever registered the global tracer and meter providers
 * (Azure Monitor in production, in-memory exporters in tests) receives
 * - a span `token exchange` per exchange with `outcome`, `reason`, `token.version`, `caller.kind`,
 *   active while the exchange runs, so its outgoing calls are its child (dependency) spans;
 * - a span `directory sync` per sync with `outcome`, `trigger` and `mode`, likewise;
 * - `entra_bridge.exchanges` (counter) and `entra_bridge.exchange.duration` (histogram, ms) with
 *   the same attributes as the exchange span;
 * - `entra_bridge.sync.runs` (by `outcome`, `trigger`), `entra_bridge.sync.changes` (by `kind`)
 *   and `entra_bridge.sync.failures` (by error `code`).
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
  // Both are the server side of an invocation: Application Insights files them under `requests`.
  const kind = api.SpanKind.SERVER;

  const endExchange = (span: OTel.Span, record: ExchangeRecord, end?: number) => {
    const attributes = {
      outcome: record.outcome,
      reason: record.reason ?? 'none',
      'token.version': record.tokenVersion,
      'caller.kind': record.callerKind,
    };
    span.setAttributes(attributes);
    span.setStatus({
      code: record.outcome === 'failed' ? api.SpanStatusCode.ERROR : api.SpanStatusCode.OK,
    });
    span.end(end);
    exchanges.add(1, attributes);
    latency.record(record.durationMs, attributes);
  };

  const recordSync = (run: SyncRun) => {
    runs.add(1, { outcome: run.outcome, trigger: run.trigger });
    const counts = {
      groups_added: run.added,
      groups_renamed: run.renamed,
      groups_deleted: run.deleted,
      users_disabled: run.usersDisabled,
      users_enabled: run.usersEnabled,
    };
    for (const [name, n] of Object.entries(counts)) if (n > 0) changes.add(n, { kind: name });
    if (run.outcome === 'failed') failures.add(1, { code: run.error?.code ?? 'unknown' });
  };

  return {
    exchange(work, token) {
      const startedAt = Date.now();
      return tracer.startActiveSpan('token exchange', { kind }, (span) =>
        whenSettled(work, (error) => endExchange(span, exchangeRecord(token(), startedAt, error))),
      );
    },
    recordExchange(record) {
      const end = Date.now();
      endExchange(
        tracer.startSpan('token exchange', { kind, startTime: end - record.durationMs }),
        record,
        end,
      );
    },
    sync(work) {
      return tracer.startActiveSpan('directory sync', { kind }, async (span) => {
        try {
          const run = await work();
          span.setAttributes({ outcome: run.outcome, trigger: run.trigger, mode: run.mode ?? 'none' });
          if (run.outcome === 'failed') span.setStatus({ code: api.SpanStatusCode.ERROR });
          recordSync(run);
          return run;
        } catch (err) {
          span.setStatus({ code: api.SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      });
    },
    recordSync,
  };
}
