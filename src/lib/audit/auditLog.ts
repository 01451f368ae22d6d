import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { InvalidRequestError } from '../errors';
import { toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import type { BridgeTable, BridgeTables } from '../storage/tables';
import { AUDIT_ROW_END, AUDIT_ROW_PREFIX, type AuditEntry, fromAuditEntity } from './auditEntry';

export interface AuditQuery {
  /** ISO times; `since` inclusive, `until` exclusive. */
  readonly since?: string;
  readonly until?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly top: number;
  readonly continuationToken?: string;
}

export interface AuditPage {
  readonly entries: AuditEntry[];
  /** Absent on the last page. Opaque: pass it back unchanged. */
  readonly continuationToken?: string;
}

export const MAX_AUDIT_PAGE = 1000;
/** Table pages read per partition for one answer at most (actor/action filters may thin pages out). */
const MAX_TABLE_PAGES = 10;

/** Where audit rows live: next to what they describe (the tenant's users, the two catalog partitions). */
function sources(tables: BridgeTables, tenantId: string): { table: BridgeTable; partition: string }[] {
  return [
    { table: tables.users, partition: encodeKey(tenantId) },
    { table: tables.catalog, partition: 'group' },
    { table: tables.catalog, partition: 'role' },
  ];
}

/**
 * One page of the audit log, oldest first. Every partition is read over the same RowKey range
 * (time, then entry ID) and the answers merged, so one RowKey is a cursor for all of them: the
 * continuation token is the last key returned, and the next page starts after it.
 */
export async function listAudit(
  tables: BridgeTables,
  tenantId: string,
  query: AuditQuery,
): Promise<AuditPage> {
  const after = readToken(query.continuationToken);
  const lower = after ?? `${AUDIT_ROW_PREFIX}${query.since ?? ''}`;
  const upper = query.until ? `${AUDIT_ROW_PREFIX}${query.until}` : AUDIT_ROW_END;
  const found: { rowKey: string; entry: AuditEntry }[] = [];
  let more = false;
  for (const { table, partition } of sources(tables, tenantId)) {
    const client = await table.ready();
    let filter = `${odata`PartitionKey eq ${partition}`} and RowKey ${after ? 'gt' : 'ge'} '${quoteOData(lower)}' and RowKey lt '${quoteOData(upper)}'`;
    if (query.actor !== undefined) filter += ` and ${odata`actor eq ${query.actor}`}`;
    if (query.action !== undefined) filter += ` and ${odata`action eq ${query.action}`}`;
    try {
      const pages = client
        .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
        .byPage({ maxPageSize: query.top });
      let taken = 0;
      for (let n = 0; n < MAX_TABLE_PAGES && taken < query.top; n++) {
        const page = await pages.next();
        if (page.done) break;
        for (const entity of page.value as TableEntityResult<Record<string, unknown>>[]) {
          found.push({ rowKey: String(entity.rowKey), entry: fromAuditEntity(entity) });
          taken += 1;
        }
        if (!(page.value as { continuationToken?: string }).continuationToken) break;
        if (n === MAX_TABLE_PAGES - 1 || taken >= query.top) more = true;
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) continue; // table not created yet
      toStorageUnavailable(err);
    }
  }
  found.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
  const page = found.slice(0, query.top);
  const last = page.at(-1);
  if ((more || found.length > query.top) && last) {
    return {
      entries: page.map((f) => f.entry),
      continuationToken: Buffer.from(last.rowKey).toString('base64url'),
    };
  }
  return { entries: page.map((f) => f.entry) };
}

/**
 * Removes audit entries older than `cutoff` (ISO time) from every partition, in transactions of
 * up to 100 deletions. Returns how many were removed.
 */
export async function purgeAudit(tables: BridgeTables, tenantId: string, cutoff: string): Promise<number> {
  let removed = 0;
  for (const { table, partition } of sources(tables, tenantId)) {
    const client = await table.ready();
    const filter = `${odata`PartitionKey eq ${partition}`} and RowKey ge '${quoteOData(AUDIT_ROW_PREFIX)}' and RowKey lt '${quoteOData(AUDIT_ROW_PREFIX + cutoff)}'`;
    const keys: TransactionAction[] = [];
    try {
      for await (const e of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
        keys.push(['delete', { partitionKey: partition, rowKey: String(e.rowKey) }]);
      }
      for (let i = 0; i < keys.length; i += 100) {
        await client.submitTransaction(keys.slice(i, i + 100));
        removed += Math.min(100, keys.length - i);
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) continue;
      toStorageUnavailable(err);
    }
  }
  return removed;
}

const quoteOData = (text: string) => text.replace(/'/g, "''");

function readToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const bad = new InvalidRequestError('invalid_continuation_token', 'The continuation token is not valid.');
  if (token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token)) throw bad;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (!key.startsWith(AUDIT_ROW_PREFIX) || !/^[\x20-\x7e]+$/.test(key)) throw bad;
  return key;
}
