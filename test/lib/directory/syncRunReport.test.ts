import { describe, expect, it } from 'vitest';
import type { SyncDeps } from '../../../src/lib/directory/syncDeps';
import { NO_COUNTS, startRunReport } from '../../../src/lib/directory/syncRunReport';

describe('startRunReport', () => {
  it("reports the run's own time and requests, pending ones included, and keeps the record's other fields", () => {
    let clock = Date.parse('2026-06-01T00:00:00.000Z');
    const graph = { requests: 10 };
    const tableRequests = { count: 100 };
    const report = startRunReport(
      { graph, tableRequests, now: () => clock } as unknown as Pick<
        SyncDeps,
        'graph' | 'tableRequests' | 'now'
      >,
      { trigger: 'timer' },
    );
    clock += 1500;
    graph.requests += 2;
    tableRequests.count += 5;
    const soFar = {
      mode: 'incremental' as const,
      counts: { ...NO_COUNTS, added: 3 },
      record: {
        lastRun: undefined,
        lastSuccessAt: '2026-05-01T00:00:00.000Z',
        nextRunAt: '2026-06-01T00:05:00.000Z',
      },
    };
    const run = report.finish(soFar, 'succeeded', 7, null, 1);
    expect(run).toEqual({
      trigger: 'timer',
      mode: 'incremental',
      startedAt: '2026-06-01T00:00:00.000Z',
      endedAt: '2026-06-01T00:00:01.500Z',
      durationMs: 1500,
      outcome: 'succeeded',
      ...soFar.counts,
      graphRequests: 2,
      tableRequests: 6,
      version: 7,
      error: null,
    });
    expect(report.nextRecord(soFar, run)).toEqual({
      lastRun: run,
      lastSuccessAt: run.endedAt,
      nextRunAt: '2026-06-01T00:05:00.000Z',
    });
    const failed = report.finish(soFar, 'failed', 7, {
      code: 'directory_unavailable',
      message: 'Graph failed.',
    });
    expect(report.nextRecord(soFar, failed).lastSuccessAt).toBe('2026-05-01T00:00:00.000Z');
  });
});
