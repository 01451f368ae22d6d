import { describe, expect, it } from 'vitest';
import {
  auditPurgeDue,
  commitSync,
  nextCursor,
  purgeExpiredAudit,
  quietRun,
} from '../../../src/lib/directory/commitSync';
import type { SyncPlan } from '../../../src/lib/directory/planSync';
import type { SyncDeps } from '../../../src/lib/directory/syncDeps';
import type { SyncRun } from '../../../src/lib/directory/syncRun';
import { EMPTY_CURSOR, type SyncRecord } from '../../../src/lib/directory/syncState';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const deps = (extra: Partial<SyncDeps> = {}) =>
  ({ config: { tenantId: 't', auditRetentionDays: 30 }, now: () => NOW, ...extra }) as unknown as SyncDeps;
const round = (mode: 'full' | 'incremental', size = 0) => ({
  mode,
  items: new Map(
    Array.from({ length: size }, (_, i) => [
      `g${i}`,
      { id: `g${i}`, removed: true as const, reason: 'deleted' },
    ]),
  ),
  deltaLink: `${mode}-link`,
  pages: 1,
});
const plan = (overrides: Partial<SyncPlan> = {}) =>
  ({ round: round('incremental'), leavers: undefined, usersBehind: false, ...overrides }) as SyncPlan;
const fresh = { ...EMPTY_CURSOR, deltaLinkAt: iso(NOW - HOUR), usersDeltaLinkAt: iso(NOW - HOUR) };
const leavers = (mode: 'full' | 'incremental', size = 0) =>
  ({ round: round(mode, size), changes: [] }) as unknown as SyncPlan['leavers'];

describe('quietRun', () => {
  it('is quiet for an empty incremental round with fresh links and nothing due', () => {
    expect(quietRun(deps(), fresh, plan(), false)).toBe(true);
    expect(quietRun(deps(), fresh, plan({ leavers: leavers('incremental') }), false)).toBe(true);
  });

  it('is not quiet when anything changed, is owed or is due', () => {
    expect(quietRun(deps(), fresh, plan({ round: round('incremental', 1) }), false)).toBe(false);
    expect(quietRun(deps(), fresh, plan({ round: round('full') }), false)).toBe(false);
    expect(quietRun(deps(), fresh, plan({ usersBehind: true }), false)).toBe(false);
    expect(quietRun(deps(), fresh, plan({ leavers: leavers('incremental', 1) }), false)).toBe(false);
    expect(quietRun(deps(), fresh, plan(), true)).toBe(false);
    // A delta link older than a day is refreshed, well inside Graph's 7 days.
    expect(quietRun(deps(), { ...fresh, deltaLinkAt: iso(NOW - 25 * HOUR) }, plan(), false)).toBe(false);
    const staleUsers = { ...fresh, usersDeltaLinkAt: undefined };
    expect(quietRun(deps(), staleUsers, plan({ leavers: leavers('incremental') }), false)).toBe(false);
  });
});

describe('the audit purge', () => {
  it('is due at most daily, and only with a purge to run', () => {
    const purgeAudit = async () => 0;
    expect(auditPurgeDue(deps(), EMPTY_CURSOR)).toBe(false);
    expect(auditPurgeDue(deps({ purgeAudit }), EMPTY_CURSOR)).toBe(true);
    expect(auditPurgeDue(deps({ purgeAudit }), { ...EMPTY_CURSOR, auditPurgedAt: iso(NOW - HOUR) })).toBe(
      false,
    );
    expect(
      auditPurgeDue(deps({ purgeAudit }), { ...EMPTY_CURSOR, auditPurgedAt: iso(NOW - 24 * HOUR) }),
    ).toBe(true);
  });

  it('removes entries older than the retention', async () => {
    const cutoffs: string[] = [];
    const purgeAudit = async (cutoff: string) => cutoffs.push(cutoff);
    expect(await purgeExpiredAudit(deps({ purgeAudit }))).toBe(1);
    expect(cutoffs).toEqual([iso(NOW - 30 * 24 * HOUR)]);
  });
});

describe('nextCursor', () => {
  const cursor = { ...EMPTY_CURSOR, usersDeltaLink: 'users-old', fullSyncAt: iso(0), auditPurgedAt: iso(1) };
  const at = iso(NOW);

  it("saves the rounds' links, the version for groups and users, and drops the lease", () => {
    const next = nextCursor(cursor, plan({ leavers: leavers('incremental') }), {
      at,
      version: 7,
      etag: 'lease',
      purged: true,
    });
    expect(next).toEqual({
      auditPurgedAt: at,
      deltaLink: 'incremental-link',
      deltaLinkAt: at,
      usersDeltaLink: 'incremental-link',
      usersDeltaLinkAt: at,
      version: 7,
      usersVersion: 7,
      fullSyncAt: iso(0),
      leaseUntil: undefined,
      etag: 'lease',
    });
  });

  it('keeps the users link without a users round, and marks a full round', () => {
    const next = nextCursor(cursor, plan({ round: round('full') }), {
      at,
      version: 1,
      etag: 'e',
      purged: false,
    });
    expect(next).toMatchObject({ usersDeltaLink: 'users-old', fullSyncAt: at, auditPurgedAt: iso(1) });
  });
});

describe('commitSync', () => {
  const succeeded = { outcome: 'succeeded' } as SyncRun;
  const lost = { outcome: 'failed' } as SyncRun;
  const record = (run: SyncRun) => ({ lastRun: run }) as SyncRecord;

  it('commits cursor and record together, or records the run as lost to a concurrent one', async () => {
    for (const answer of ['written', 'conflict'] as const) {
      const calls: [string, unknown][] = [];
      const state = {
        commit: async (_t: string, _c: unknown, r: SyncRecord) => {
          calls.push(['commit', r.lastRun?.outcome]);
          return answer;
        },
        saveRecord: async (_t: string, r: SyncRecord) => {
          calls.push(['saveRecord', r.lastRun?.outcome]);
        },
      };
      const run = await commitSync(deps({ state } as unknown as Partial<SyncDeps>), EMPTY_CURSOR, {
        succeeded,
        lost: () => lost,
        record,
      });
      expect(run).toBe(answer === 'written' ? succeeded : lost);
      expect(calls).toEqual(
        answer === 'written'
          ? [['commit', 'succeeded']]
          : [
              ['commit', 'succeeded'],
              ['saveRecord', 'failed'],
            ],
      );
    }
  });
});
