import { odata, type TableEntityResult } from '@azure/data-tables';
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
  /** Inserts; `conflict` when another instance created the same user first. */
  create(user: StoredUser): Promise<WriteOutcome>;
  /** Replaces if the stored ETag still equals `user.etag`; `conflict` otherwise. */
  replace(user: StoredUser): Promise<WriteOutcome>;
  /** Deletes if the ETag matches (or unconditionally without one); false when absent. */
  remove(tenantId: string, userId: string, etag?: string): Promise<boolean>;
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
    create(user) {
      return table.use(async (client) => {
        try {
          await client.createEntity(toUserEntity(user));
          return 'written';
        } catch (err) {
          if (isConflict(err)) return 'conflict';
          return toStorageUnavailable(err);
        }
      });
    },
    replace(user) {
      return table.use(async (client) => {
        try {
          await client.updateEntity(toUserEntity(user), 'Replace', { etag: user.etag ?? '*' });
          return 'written';
        } catch (err) {
          if (isPreconditionFailed(err) || isNotFound(err)) return 'conflict';
          return toStorageUnavailable(err);
        }
      });
    },
    remove(tenantId, userId, etag) {
      return table.use(async (client) => {
        const { partitionKey, rowKey } = userKeys(tenantId, userId);
        try {
          await client.deleteEntity(partitionKey, rowKey, { etag: etag ?? '*' });
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          return toStorageUnavailable(err);
        }
      });
    },
    list(tenantId, filter, pageSize, continuationToken) {
      return table.use(async (client) => {
        const clauses = [odata`PartitionKey eq ${encodeKey(tenantId)}`];
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
      const filter = odata`PartitionKey eq ${encodeKey(tenantId)}`;
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
