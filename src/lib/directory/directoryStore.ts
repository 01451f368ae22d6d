import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { isNotFound, toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import type { BridgeTable } from '../storage/tables';
import type { DirectoryGroup } from './directoryView';

/** Table Storage accepts at most 100 operations per transaction, all in one partition. */
export const MAX_TRANSACTION_OPERATIONS = 100;
/** Transactions sent at once; Table Storage handles a partition's batches in any order. */
const WRITE_CONCURRENCY = 4;
const READ_CONCURRENCY = 10;
const COLUMNS = [
  'RowKey',
  'displayName',
  'onPremisesSamAccountName',
  'securityEnabled',
  'deleted',
  'lastSeenAt',
];

/** The synchronised Entra groups of one tenant (partition = tenant, row = group object ID). */
export interface DirectoryStore {
  /** Every stored group, deleted ones included, in pages of 1,000 (one request per page). */
  all(): Promise<DirectoryGroup[]>;
  /** The stored groups among `ids` (one point read each; for small incremental rounds). */
  some(ids: readonly string[]): Promise<DirectoryGroup[]>;
  /** Upserts groups in transactions of ≤100; returns the number of transactions sent. */
  write(groups: readonly DirectoryGroup[]): Promise<number>;
}

/**
 * Directory groups in Table Storage. Writes are whole-entity upserts of values that came
 * from Graph, so replaying a round (after a failed run) is harmless.
 */
export function createDirectoryStore(table: BridgeTable, tenantId: string): DirectoryStore {
  const partitionKey = encodeKey(tenantId);
  return {
    async all() {
      const client = await table.ready();
      const groups: DirectoryGroup[] = [];
      try {
        const entities = client.listEntities<Record<string, unknown>>({
          queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: COLUMNS },
        });
        for await (const page of entities.byPage({ maxPageSize: 1000 })) {
          for (const entity of page) groups.push(fromEntity(entity));
        }
      } catch (err) {
        toStorageUnavailable(err);
      }
      return groups;
    },
    async some(ids) {
      const client = await table.ready();
      const found: DirectoryGroup[] = [];
      await inParallel(ids, READ_CONCURRENCY, async (id) => {
        try {
          found.push(fromEntity(await client.getEntity(partitionKey, encodeKey(id.toLowerCase()))));
        } catch (err) {
          if (!isNotFound(err)) toStorageUnavailable(err);
        }
      });
      return found;
    },
    async write(groups) {
      if (groups.length === 0) return 0;
      const client = await table.ready();
      const batches: TransactionAction[][] = [];
      for (let i = 0; i < groups.length; i += MAX_TRANSACTION_OPERATIONS) {
        batches.push(
          groups
            .slice(i, i + MAX_TRANSACTION_OPERATIONS)
            .map((group): TransactionAction => ['upsert', toEntity(partitionKey, group), 'Replace']),
        );
      }
      await inParallel(batches, WRITE_CONCURRENCY, async (actions) => {
        try {
          await client.submitTransaction(actions);
        } catch (err) {
          toStorageUnavailable(err);
        }
      });
      return batches.length;
    },
  };
}

function toEntity(partitionKey: string, group: DirectoryGroup) {
  return {
    partitionKey,
    rowKey: encodeKey(group.id.toLowerCase()),
    displayName: group.displayName,
    onPremisesSamAccountName: group.onPremisesSamAccountName ?? '',
    securityEnabled: group.securityEnabled,
    deleted: group.deleted,
    lastSeenAt: group.lastSeenAt,
  };
}

function fromEntity(entity: TableEntityResult<Record<string, unknown>>): DirectoryGroup {
  const text = (name: string) => (typeof entity[name] === 'string' ? (entity[name] as string) : '');
  return {
    id: (entity.rowKey ?? '').toLowerCase(),
    displayName: text('displayName'),
    onPremisesSamAccountName: text('onPremisesSamAccountName') || null,
    securityEnabled: entity.securityEnabled !== false,
    deleted: entity.deleted === true,
    lastSeenAt: text('lastSeenAt'),
  };
}

/** Runs `task` over `items` with at most `limit` in flight; the first failure wins. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
