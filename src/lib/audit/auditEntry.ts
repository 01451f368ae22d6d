import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';

/** Who made a change and under which request: every audited write carries one. */
export interface AuditContext {
  /** The administrator's user ID, or `directory-sync`. */
  readonly actor: string;
  /** The Functions invocation ID, or the W3C `traceparent` trace ID the caller sent. */
  readonly correlationId: string;
}

export type AuditTargetType = 'user' | 'group' | 'role';

/** One change: who, what, to what, before → after (the changed fields only), when, under which request. */
export interface AuditEntry {
  readonly id: string;
  readonly time: string;
  readonly actor: string;
  readonly action: string;
  readonly targetType: AuditTargetType;
  readonly targetId: string;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly correlationId: string;
}

/**
 * Audit rows live in the same table and partition as the entity they describe, and are
 * written in the same entity-group transaction as the change (Table Storage transactions
 * span one partition of one table:
 * https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions).
 * So a change without its entry, or an entry without its change, cannot exist — no pending
 * records, no reconciliation. Their RowKey starts with `%~`, which no encoded key can
 * (`encodeKey` writes `%` only as `%XX` with hex digits), so they never collide with users or
 * catalog entries, and the time after the prefix orders them: readers take a RowKey range.
 */
export const AUDIT_ROW_PREFIX = '%~audit~';
/** Upper bound of the audit range ('~' sorts after every character an audit key uses after `%~`). */
export const AUDIT_ROW_END = '%~~';
/** Excludes audit rows from a partition query (append with `and`). */
export const NOT_AUDIT_ROWS = `(RowKey lt '%~' or RowKey ge '${AUDIT_ROW_END}')`;

export const auditRowKey = (time: string, id: string) => `${AUDIT_ROW_PREFIX}${time}~${id}`;
export const isAuditRowKey = (rowKey: unknown) => typeof rowKey === 'string' && rowKey.startsWith('%~');

/** Longest JSON kept for `before` or `after` (Table properties hold 64 KiB). */
const MAX_STATE_JSON = 30_000;

export function newAuditEntry(
  context: AuditContext,
  action: string,
  target: { type: AuditTargetType; id: string },
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  now: () => number = Date.now,
): AuditEntry {
  const [b, a] = before && after ? changedFields(before, after) : [before, after];
  return {
    id: randomUUID(),
    time: new Date(now()).toISOString(),
    actor: context.actor,
    action,
    targetType: target.type,
    targetId: target.id,
    before: b,
    after: a,
    correlationId: context.correlationId,
  };
}

/** Only what changed, on both sides, so entries stay small and say exactly what happened. */
function changedFields(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): [Record<string, unknown>, Record<string, unknown>] {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    b[key] = before[key] ?? null;
    a[key] = after[key] ?? null;
  }
  return [b, a];
}

/** The transaction action that stores `entry` next to the entity it describes. */
export function auditAction(partitionKey: string, entry: AuditEntry): TransactionAction {
  const state = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.length <= MAX_STATE_JSON ? text : JSON.stringify({ truncated: true });
  };
  return [
    'create',
    {
      partitionKey,
      rowKey: auditRowKey(entry.time, entry.id),
      auditTime: entry.time,
      actor: entry.actor,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: state(entry.before),
      after: state(entry.after),
      correlationId: entry.correlationId,
    },
  ];
}

export function fromAuditEntity(entity: Record<string, unknown>): AuditEntry {
  const text = (name: string) => (typeof entity[name] === 'string' ? (entity[name] as string) : '');
  const parsed = (name: string) => {
    try {
      return JSON.parse(text(name) || 'null') as Record<string, unknown> | null;
    } catch {
      return null;
    }
  };
  const rowKey = text('rowKey');
  const type = text('targetType');
  return {
    id: rowKey.slice(rowKey.lastIndexOf('~') + 1),
    time: text('auditTime'),
    actor: text('actor'),
    action: text('action'),
    targetType: type === 'group' || type === 'role' ? type : 'user',
    targetId: text('targetId'),
    before: parsed('before'),
    after: parsed('after'),
    correlationId: text('correlationId'),
  };
}
