import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { type AuditEntry, auditAction, NOT_AUDIT_ROWS } from '../audit/auditEntry';
import type { BridgeTable } from '../storage/tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import type { StoredUser } from './storedUser';
import { fromUserEntity, toUserEntity, userKeys } from './userEntity';

export type WriteOutcome = 'written' | 'conflict';

export interface UserPage {
  readonly users: (StoredUser & { profileHash: string })[];
  readonly continuationToken: string | undefined;
}

export interface UserListFilter {
  readonly isAdmin?: boolean;
  readonly disabled?: boolean;
}

export interface UserStore {
  get(tenantId: string, userId: string): Promise<(StoredUser & { profileHash: string }) | undefined>;
  /**
   * Inserts; `conflict` when another instance created the same user first. With `audit`, the
   * entry is written in the same transaction (see `auditEntry.ts`): both or neither.
   */
  create(user: StoredUser, audit?: AuditEntry): Promise<WriteOutcome>;
  /** Replaces if the stored ETag still equals `user.etag`; `conflict` otherwise. `audit`: as for create. */
  replace(user: StoredUser, audit?: AuditEntry): Promise<WriteOutcome>;
  /** Deletes if the ETag matches (or unconditionally without one); false when absent. `audit`: as for create. */
  remove(tenantId: string, userId: string, etag?: string, audit?: AuditEntry): Promise<boolean>;
  list(
    tenantId: string,
    filter: UserListFilter,
    pageSize: number,
    continuationToken?: string,
  ): Promise<UserPage>;
  /** Every user of a tenant, page by page (directory sync recomputation). */
  all(tenantId: string): AsyncIterable<StoredUser & { profileHash: string }>;
}

/**
 * External users in Table Storage: partition = tenant, row = the user's ID claim value,
 * both encoded for Table keys. Writes are conditional (insert, or replace with If-Match)
 * so two instances that see the same user at once end with one entity.
 */
export function createUserStore(table: BridgeTable): UserStore {
  type Client = Awaited<ReturnType<BridgeTable['ready']>>;
  type Entity = { partitionKey: string; rowKey: string } & Record<string, unknown>;
  /**
   * One write alone (conditional on `etag`), or with its audit entry in one entity-group
   * transaction. A deletion inside a transaction cannot carry an ETag (the SDK's
   * `submitTransaction` drops it), so an audited deletion is unconditional.
   */
  const write = async (
    client: Client,
    kind: 'create' | 'update' | 'delete',
    entity: Entity,
    etag: string,
    audit: AuditEntry | undefined,
  ): Promise<void> => {
    if (audit) {
      const action: TransactionAction =
        kind === 'update' ? ['update', entity, 'Replace', { etag }] : [kind, entity];
      await client.submitTransaction([action, auditAction(entity.partitionKey, audit)]);
    } else if (kind === 'create') {
      await client.createEntity(entity);
    } else if (kind === 'delete') {
      await client.deleteEntity(entity.partitionKey, entity.rowKey, { etag });
    } else {
      await client.updateEntity(entity, 'Replace', { etag });
    }
  };
  return {
    get(tenantId, userId) {
      return table.use(async (client) => {
        const { partitionKey, rowKey } = userKeys(tenantId, userId);
        try {
          return fromUserEntity(await client.getEntity(partitionKey, rowKey));
        } catch (err) {
          if (isNotFound(err)) return undefined;
          return toStorageUnavailable(err);
        }
      });
    },
    create(user, audit) {
      return table.use(async (client) => {
        try {
          await write(client, 'create', { ...toUserEntity(user) }, '*', audit);
          return 'written';
        } catch (err) {
          if (isConflict(err)) return 'conflict';
          return toStorageUnavailable(err);
        }
      });
    },
    replace(user, audit) {
      return table.use(async (client) => {
        try {
          await write(client, 'update', { ...toUserEntity(user) }, user.etag ?? '*', audit);
          return 'written';
        } catch (err) {
          // 409 only from an audited write whose entry row was refused: nothing was written, try again.
          if (isPreconditionFailed(err) || isNotFound(err) || isConflict(err)) return 'conflict';
          return toStorageUnavailable(err);
        }
      });
    },
    remove(tenantId, userId, etag, audit) {
      return table.use(async (client) => {
        const keys = userKeys(tenantId, userId);
        try {
          await write(client, 'delete', { ...keys }, etag ?? '*', audit);
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          return toStorageUnavailable(err);
        }
      });
    },
    list(tenantId, filter, pageSize, continuationToken) {
      return table.use(async (client) => {
        const clauses = [odata`PartitionKey eq ${encodeKey(tenantId)}`, NOT_AUDIT_ROWS];
        if (filter.isAdmin !== undefined) clauses.push(odata`isAdmin eq ${filter.isAdmin}`);
        if (filter.disabled !== undefined) clauses.push(odata`disabled eq ${filter.disabled}`);
        try {
          const pages = client
            .listEntities<Record<string, unknown>>({ queryOptions: { filter: clauses.join(' and ') } })
            .byPage({ maxPageSize: pageSize, continuationToken });
          const page = await pages.next();
          if (page.done) return { users: [], continuationToken: undefined };
          const entities = page.value as TableEntityResult<Record<string, unknown>>[] & {
            continuationToken?: string;
          };
          return { users: entities.map(fromUserEntity), continuationToken: entities.continuationToken };
        } catch (err) {
          return toStorageUnavailable(err);
        }
      });
    },
    async *all(tenantId) {
      const client = await table.ready();
      const filter = `${odata`PartitionKey eq ${encodeKey(tenantId)}`} and ${NOT_AUDIT_ROWS}`;
      try {
        for await (const entity of client.listEntities<Record<string, unknown>>({
          queryOptions: { filter },
        })) {
          yield fromUserEntity(entity);
        }
      } catch (err) {
        toStorageUnavailable(err);
      }
    },
  };
}
