import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/lib/errors';
import { exchangeRecord } from '../../../src/lib/telemetry/exchangeRecord';
import { createOtelTelemetry } from '../../../src/lib/telemetry/otelTelemetry';
import { NO_TELEMETRY } from '../../../src/lib/telemetry/telemetry';
import { telemetryFor } from '../../../src/lib/telemetry/telemetryFor';

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});

beforeAll(() => {
  // As the Node SDK does: the active span follows the async work it started.
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
  );
  api.metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(() => {
  api.trace.disable();
  api.metrics.disable();
  api.context.disable();
});

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const PERSON = { email: 'abeli@contoso.com', name: 'Abe Lincoln', given_name: 'Abe', family_name: 'Lincoln' };
const token = `${part({ alg: 'RS256', kid: 'k1' })}.${part({ ver: '2.0', scp: 'access_as_user', oid: '690222be-ff1a-4d56-abd1-7e4f7d38e474', ...PERSON })}.c2ln`;

describe('telemetry', () => {
  it('is off (nothing loaded) without a connection string', async () => {
    expect(await telemetryFor(undefined)).toBe(NO_TELEMETRY);
  });

  it('exports a span and metrics per exchange, with outcome and reason and nothing that names a person', async () => {
    const telemetry = createOtelTelemetry(api);
    const started = Date.now() - 12;
    telemetry.recordExchange(exchangeRecord(token, started, undefined));
    telemetry.recordExchange(exchangeRecord(token, started, new ForbiddenError('user_disabled', 'disabled')));
    telemetry.recordSync({
      trigger: 'timer',
      outcome: 'succeeded',
      added: 1,
      renamed: 0,
      deleted: 0,
      usersDisabled: 2,
      usersEnabled: 0,
      error: null,
    } as never);

    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => [s.name, s.attributes])).toEqual([
      [
        'token exchange',
        { outcome: 'issued', reason: 'none', 'token.version': '2.0', 'caller.kind': 'user' },
      ],
      [
        'token exchange',
        { outcome: 'refused', reason: 'user_disabled', 'token.version': '2.0', 'caller.kind': 'user' },
      ],
    ]);
    await reader.forceFlush();
    const exported = metricExporter.getMetrics();
    const metrics = exported.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const names = metrics.map((m) => m.descriptor.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'entra_bridge.exchanges',
        'entra_bridge.exchange.duration',
        'entra_bridge.sync.runs',
        'entra_bridge.sync.changes',
      ]),
    );
    const exchanges = metrics.find((m) => m.descriptor.name === 'entra_bridge.exchanges');
    expect(exchanges?.dataPoints.map((p) => [p.attributes.outcome, p.attributes.reason, p.value])).toEqual([
      ['issued', 'none', 1],
      ['refused', 'user_disabled', 1],
    ]);
    const everything = JSON.stringify({
      spans: finished.map((s) => [s.name, s.attributes, s.events]),
      exported,
    });
    for (const secret of [token, ...Object.values(PERSON), '690222be-ff1a-4d56-abd1-7e4f7d38e474']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('keeps the exchange span active while the exchange runs: its outgoing calls are its children', async () => {
    spans.reset();
    const telemetry = createOtelTelemetry(api);
    const tracer = api.trace.getTracer('test');
    await telemetry.exchange(
      async () => {
        tracer.startSpan('GET keys', { kind: api.SpanKind.CLIENT }).end();
        return 'answer';
      },
      () => token,
    );
    await expect(
      telemetry.exchange(
        async () => {
          throw new ForbiddenError('user_disabled', 'disabled');
        },
        () => token,
      ),
    ).rejects.toThrow('disabled');
    const [child, issued, refused] = spans.getFinishedSpans();
    expect(child?.name).toBe('GET keys');
    expect(child?.parentSpanContext?.spanId).toBe(issued?.spanContext().spanId);
    expect(issued?.attributes).toEqual({
      outcome: 'issued',
      reason: 'none',
      'token.version': '2.0',
      'caller.kind': 'user',
    });
    expect(refused?.attributes).toMatchObject({ outcome: 'refused', reason: 'user_disabled' });
  });

  it('runs a sync inside its span and records its outcome', async () => {
    spans.reset();
    const telemetry = createOtelTelemetry(api);
    const run = {
      trigger: 'manual',
      outcome: 'failed',
      mode: 'full',
      added: 0,
      renamed: 0,
      deleted: 0,
      usersDisabled: 0,
      usersEnabled: 0,
      error: { code: 'directory_unavailable', message: 'down' },
    } as never;
    expect(await telemetry.sync(async () => run)).toBe(run);
    const [sync] = spans.getFinishedSpans();
    expect([sync?.name, sync?.attributes, sync?.status.code]).toEqual([
      'directory sync',
      { outcome: 'failed', trigger: 'manual', mode: 'full' },
      api.SpanStatusCode.ERROR,
    ]);
  });
});
