import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import type { BridgeTable } from '../storage/tables';
import type { SyncRun } from './syncRun';

const PARTITION = 'directory-sync';

/** Where the sync stands: the delta link to resume from, the directory version, the lease. */
export interface SyncCursor {
  /** `@odata.deltaLink` of the last completed round; undefined → the next round is a full one. */
  readonly deltaLink: string | undefined;
  readonly deltaLinkAt: string | undefined;
  /** `@odata.deltaLink` of the last completed users/delta round (lifecycle); undefined → a full one. */
  readonly usersDeltaLink: string | undefined;
  readonly usersDeltaLinkAt: string | undefined;
  /** Last removal of audit entries past `BRIDGE_AUDIT_RETENTION_DAYS` (done at most daily). */
  readonly auditPurgedAt: string | undefined;
  /** Bumped by every run that changed the directory; caches compare it. */
  readonly version: number;
  /** Directory version the stored users were last recomputed for; behind `version` after a failed recompute. */
  readonly usersVersion: number;
  /** End of the first complete full round: from then on the directory is `synced`. */
  readonly fullSyncAt: string | undefined;
  /** A run holds the directory until then (ISO time); overlapping runs stand aside. */
  readonly leaseUntil: string | undefined;
  readonly etag: string | undefined;
}

/** What `GET /api/admin/directory` reports about past and future runs. */
export interface SyncRecord {
  readonly lastRun: SyncRun | undefined;
  readonly lastSuccessAt: string | undefined;
  /** From the timer's schedule status, when the timer last ran. */
  readonly nextRunAt: string | undefined;
}

export const EMPTY_CURSOR: SyncCursor = {
  deltaLink: undefined,
  deltaLinkAt: undefined,
  usersDeltaLink: undefined,
  usersDeltaLinkAt: undefined,
  auditPurgedAt: undefined,
  version: 0,
  usersVersion: 0,
  fullSyncAt: undefined,
  leaseUntil: undefined,
  etag: undefined,
};

/**
 * The sync's two rows in the `state` table, in one partition so that the cursor and the run
 * record are written in one transaction. The cursor is only ever written with `If-Match`, so
 * of two overlapping runs only one can move it.
 */
export interface SyncStateStore {
  /** Both rows in one request. */
  read(tenantId: string): Promise<{ cursor: SyncCursor; record: SyncRecord }>;
  /** The cursor alone (directory caches poll its `version`). */
  cursor(tenantId: string): Promise<SyncCursor>;
  /** Writes the cursor if its ETag is still `cursor.etag` (insert when undefined); new ETag or `conflict`. */
  saveCursor(tenantId: string, cursor: SyncCursor): Promise<string | 'conflict'>;
  /** Cursor (conditional) and record in one transaction; `conflict` leaves both untouched. */
  commit(tenantId: string, cursor: SyncCursor, record: SyncRecord): Promise<'written' | 'conflict'>;
  /** The record alone (unconditional). */
  saveRecord(tenantId: string, record: SyncRecord): Promise<void>;
}

export function createSyncStateStore(table: BridgeTable): SyncStateStore {
  const cursorKey = (tenantId: string) => `cursor~${encodeKey(tenantId)}`;
  const recordKey = (tenantId: string) => `record~${encodeKey(tenantId)}`;
  const cursorAction = (tenantId: string, cursor: SyncCursor): TransactionAction => {
    const entity = { partitionKey: PARTITION, rowKey: cursorKey(tenantId), ...cursorEntity(cursor) };
    return cursor.etag === undefined
      ? ['create', entity]
      : ['update', entity, 'Replace', { etag: cursor.etag }];
  };
  const recordEntity = (tenantId: string, record: SyncRecord) => ({
    partitionKey: PARTITION,
    rowKey: recordKey(tenantId),
    lastRun: record.lastRun ? JSON.stringify(record.lastRun) : '',
    lastSuccessAt: record.lastSuccessAt ?? '',
    nextRunAt: record.nextRunAt ?? '',
  });

  return {
    async read(tenantId) {
      const client = await table.ready();
      let cursor = EMPTY_CURSOR;
      let record: SyncRecord = { lastRun: undefined, lastSuccessAt: undefined, nextRunAt: undefined };
      try {
        const filter = odata`PartitionKey eq ${PARTITION} and (RowKey eq ${cursorKey(tenantId)} or RowKey eq ${recordKey(tenantId)})`;
        for await (const entity of client.listEntities<Record<string, unknown>>({
          queryOptions: { filter },
        })) {
          if (entity.rowKey === cursorKey(tenantId)) cursor = fromCursorEntity(entity);
          else record = fromRecordEntity(entity);
        }
      } catch (err) {
        toStorageUnavailable(err);
      }
      return { cursor, record };
    },
    async cursor(tenantId) {
      const client = await table.ready();
      try {
        return fromCursorEntity(await client.getEntity(PARTITION, cursorKey(tenantId)));
      } catch (err) {
        if (isNotFound(err)) return EMPTY_CURSOR;
        return toStorageUnavailable(err);
      }
    },
    async saveCursor(tenantId, cursor) {
      const client = await table.ready();
      const entity = { partitionKey: PARTITION, rowKey: cursorKey(tenantId), ...cursorEntity(cursor) };
      try {
        const result =
          cursor.etag === undefined
            ? await client.createEntity(entity)
            : await client.updateEntity(entity, 'Replace', { etag: cursor.etag });
        return result.etag ?? 'conflict';
      } catch (err) {
        if (isConflict(err) || isPreconditionFailed(err) || isNotFound(err)) return 'conflict';
        return toStorageUnavailable(err);
      }
    },
    async commit(tenantId, cursor, record) {
      const client = await table.ready();
      try {
        await client.submitTransaction([
          cursorAction(tenantId, cursor),
          ['upsert', recordEntity(tenantId, record), 'Replace'],
        ]);
        return 'written';
      } catch (err) {
        if (isConflict(err) || isPreconditionFailed(err) || isNotFound(err)) return 'conflict';
        return toStorageUnavailable(err);
      }
    },
    async saveRecord(tenantId, record) {
      const client = await table.ready();
      try {
        await client.upsertEntity(recordEntity(tenantId, record), 'Replace');
      } catch (err) {
        toStorageUnavailable(err);
      }
    },
  };
}

function cursorEntity(cursor: SyncCursor) {
  return {
    deltaLink: cursor.deltaLink ?? '',
    deltaLinkAt: cursor.deltaLinkAt ?? '',
    usersDeltaLink: cursor.usersDeltaLink ?? '',
    usersDeltaLinkAt: cursor.usersDeltaLinkAt ?? '',
    auditPurgedAt: cursor.auditPurgedAt ?? '',
    version: cursor.version,
    usersVersion: cursor.usersVersion,
    fullSyncAt: cursor.fullSyncAt ?? '',
    leaseUntil: cursor.leaseUntil ?? '',
  };
}

const textOf = (entity: Record<string, unknown>, name: string) =>
  typeof entity[name] === 'string' && entity[name] !== '' ? (entity[name] as string) : undefined;

function fromCursorEntity(entity: TableEntityResult<Record<string, unknown>>): SyncCursor {
  return {
    deltaLink: textOf(entity, 'deltaLink'),
    deltaLinkAt: textOf(entity, 'deltaLinkAt'),
    usersDeltaLink: textOf(entity, 'usersDeltaLink'),
    usersDeltaLinkAt: textOf(entity, 'usersDeltaLinkAt'),
    auditPurgedAt: textOf(entity, 'auditPurgedAt'),
    version: typeof entity.version === 'number' ? entity.version : 0,
    usersVersion: typeof entity.usersVersion === 'number' ? entity.usersVersion : 0,
    fullSyncAt: textOf(entity, 'fullSyncAt'),
    leaseUntil: textOf(entity, 'leaseUntil'),
    etag: entity.etag,
  };
}

function fromRecordEntity(entity: TableEntityResult<Record<string, unknown>>): SyncRecord {
  let lastRun: SyncRun | undefined;
  try {
    lastRun = textOf(entity, 'lastRun') ? (JSON.parse(entity.lastRun as string) as SyncRun) : undefined;
  } catch {
    lastRun = undefined;
  }
  return {
    lastRun,
    lastSuccessAt: textOf(entity, 'lastSuccessAt'),
    nextRunAt: textOf(entity, 'nextRunAt'),
  };
}
