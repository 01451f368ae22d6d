import { odata } from '@azure/data-tables';
import { type AuditEntry, NOT_AUDIT_ROWS } from '../audit/auditEntry';
import { NotFoundError } from '../errors';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTable } from '../storage/tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import {
  type CatalogChanges,
  type CatalogEntry,
  type CatalogKind,
  definedOnly,
  fromCatalogEntity,
  toCatalogEntity,
  writeCatalogEntity,
} from './catalogEntity';
import { checkCatalogName, checkEntraGroupIds } from './catalogInput';

export { checkCatalogName } from './catalogInput';

export type { CatalogChanges, CatalogEntry, CatalogKind } from './catalogEntity';

/**
 * Builds the audit entry of a catalog write from the entry before and after it (undefined for a
 * creation or deletion); the store writes it in the same transaction as the entry.
 */
export type CatalogAuditor = (
  before: CatalogEntry | undefined,
  after: CatalogEntry | undefined,
) => AuditEntry;

export interface CatalogStore {
  list(kind: CatalogKind): Promise<CatalogEntry[]>;
  get(kind: CatalogKind, name: string): Promise<CatalogEntry | undefined>;
  /** Creates, or updates the given fields; `previous` is the entry before an update. */
  put(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<{ entry: CatalogEntry; created: boolean; previous?: CatalogEntry }>;
  /** Updates an existing entry (404 `{kind}_not_found` when absent). */
  update(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<{ entry: CatalogEntry; previous: CatalogEntry }>;
  /** Creates only if absent (never overwrites): `exists` when the name is taken. */
  create(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<'created' | 'exists'>;
  /** With `audit`, the entry is read first and deleted together with its audit entry. */
  remove(kind: CatalogKind, name: string, audit?: CatalogAuditor): Promise<boolean>;
  /** Names and links of all groups and roles, cached briefly: the exchange hot path reads this. */
  snapshot(): Promise<PlatformCatalog>;
}

/** How long an instance trusts its copy of the catalog; writes through this instance refresh it at once. */
export const CATALOG_CACHE_MS = 30_000;

export function createCatalogStore(table: BridgeTable, now: () => number = Date.now): CatalogStore {
  let cached: { at: number; value: Promise<PlatformCatalog> } | undefined;
  const invalidate = () => {
    cached = undefined;
  };
  const tryCreate = (kind: CatalogKind, name: string, changes: CatalogChanges, audit?: CatalogAuditor) =>
    table.use(async (client) => {
      const entity = toCatalogEntity(kind, name, changes, new Date(now()).toISOString());
      invalidate();
      try {
        await writeCatalogEntity(client, ['create', entity], audit?.(undefined, fromCatalogEntity(entity)));
        return fromCatalogEntity(entity);
      } catch (err) {
        if (isConflict(err)) return undefined;
        return toStorageUnavailable(err);
      }
    });
  /** Read, merge the changes, replace with If-Match; retried when another writer moved first. */
  const tryUpdate = (kind: CatalogKind, name: string, changes: CatalogChanges, audit?: CatalogAuditor) =>
    table.use(async (client): Promise<{ entry: CatalogEntry; previous: CatalogEntry } | undefined> => {
      for (let attempt = 0; attempt < 5; attempt++) {
        let existing: Record<string, unknown> & { etag?: string };
        try {
          existing = await client.getEntity<Record<string, unknown>>(kind, encodeKey(checkCatalogName(name)));
        } catch (err) {
          if (isNotFound(err)) return undefined;
          return toStorageUnavailable(err);
        }
        const previous = fromCatalogEntity(existing);
        const merged = { ...previous, ...definedOnly(changes) };
        const entity = toCatalogEntity(kind, name, merged, previous.createdAt);
        invalidate();
        try {
          const entry = fromCatalogEntity(entity);
          // Nothing changes: no write, so no audit entry for a change that did not happen.
          if (JSON.stringify(entry) === JSON.stringify(previous)) return { entry, previous };
          await writeCatalogEntity(
            client,
            ['update', entity, 'Replace', { etag: existing.etag ?? '*' }],
            audit?.(previous, entry),
          );
          return { entry, previous };
        } catch (err) {
          if (isNotFound(err)) return undefined;
          if (!isPreconditionFailed(err)) return toStorageUnavailable(err);
        }
      }
      return toStorageUnavailable(new Error('catalog entry changed concurrently'));
    });

  const store: CatalogStore = {
    list(kind) {
      return table.use(async (client) => {
        try {
          const entries: CatalogEntry[] = [];
          const filter = `${odata`PartitionKey eq ${kind}`} and ${NOT_AUDIT_ROWS}`;
          for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
            entries.push(fromCatalogEntity(e));
          }
          return entries.sort((a, b) => a.name.localeCompare(b.name));
        } catch (err) {
          return toStorageUnavailable(err);
        }
      });
    },
    get(kind, name) {
      return table.use(async (client) => {
        try {
          return fromCatalogEntity(await client.getEntity(kind, encodeKey(checkCatalogName(name))));
        } catch (err) {
          if (isNotFound(err)) return undefined;
          return toStorageUnavailable(err);
        }
      });
    },
    async put(kind, name, changes, audit) {
      checkEntraGroupIds(changes.entraGroupIds ?? []);
      for (let attempt = 0; attempt < 5; attempt++) {
        const created = await tryCreate(kind, name, changes, audit);
        if (created) return { entry: created, created: true };
        const updated = await tryUpdate(kind, name, changes, audit);
        if (updated) return { ...updated, created: false };
      }
      return toStorageUnavailable(new Error('catalog entry created and deleted concurrently'));
    },
    async update(kind, name, changes, audit) {
      const updated = await tryUpdate(kind, name, changes, audit);
      if (!updated) throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${name}".`);
      return updated;
    },
    async create(kind, name, changes, audit) {
      return (await tryCreate(kind, name, changes, audit)) ? 'created' : 'exists';
    },
    remove(kind, name, audit) {
      return table.use(async (client) => {
        invalidate();
        const keys = { partitionKey: kind, rowKey: encodeKey(checkCatalogName(name)) };
        try {
          const before = audit
            ? fromCatalogEntity(await client.getEntity(keys.partitionKey, keys.rowKey))
            : undefined;
          await writeCatalogEntity(client, ['delete', keys], audit?.(before, undefined));
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          return toStorageUnavailable(err);
        }
      });
    },
    snapshot() {
      if (!cached || now() - cached.at > CATALOG_CACHE_MS) {
        const linked = (e: CatalogEntry) => ({ name: e.name, entraGroupIds: e.entraGroupIds });
        const value = Promise.all([store.list('group'), store.list('role')]).then(([groups, roles]) => ({
          groups: groups.map(linked),
          roles: roles.map(linked),
        }));
        cached = { at: now(), value };
        value.catch(invalidate);
      }
      return cached.value;
    },
  };
  return store;
}
