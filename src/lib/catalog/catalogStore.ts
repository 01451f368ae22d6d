import { odata } from '@azure/data-tables';
import { NOT_AUDIT_ROWS } from '../audit/auditEntry';
import { NotFoundError } from '../errors';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTable } from '../storage/tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { encodeKey } from '../storage/tableKeys';
import {
  type CatalogAuditor,
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

export type { CatalogAuditor, CatalogChanges, CatalogEntry, CatalogKind } from './catalogEntity';

/** How long an instance trusts its copy of the catalog; writes through this instance refresh it at once. */
export const CATALOG_CACHE_MS = 30_000;

export function createCatalogStore(table: BridgeTable, now: () => number = Date.now): CatalogStore {
  return new CatalogStore(table, now);
}

/** The platform's groups and roles in Table Storage, each write with its audit entry. */
export class CatalogStore {
  private cached: { at: number; value: Promise<PlatformCatalog> } | undefined;

  constructor(
    private readonly table: BridgeTable,
    private readonly now: () => number = Date.now,
  ) {}

  list(kind: CatalogKind): Promise<CatalogEntry[]> {
    return this.table.use(async (client) => {
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
  }

  get(kind: CatalogKind, name: string): Promise<CatalogEntry | undefined> {
    return this.table.use(async (client) => {
      try {
        return fromCatalogEntity(await client.getEntity(kind, encodeKey(checkCatalogName(name))));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        return toStorageUnavailable(err);
      }
    });
  }

  /** Creates, or updates the given fields; `previous` is the entry before an update. */
  async put(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<{ entry: CatalogEntry; created: boolean; previous?: CatalogEntry }> {
    checkEntraGroupIds(changes.entraGroupIds ?? []);
    for (let attempt = 0; attempt < 5; attempt++) {
      const created = await this.tryCreate(kind, name, changes, audit);
      if (created) return { entry: created, created: true };
      const updated = await this.tryUpdate(kind, name, changes, audit);
      if (updated) return { ...updated, created: false };
    }
    return toStorageUnavailable(new Error('catalog entry created and deleted concurrently'));
  }

  /** Updates an existing entry (404 `{kind}_not_found` when absent). */
  async update(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<{ entry: CatalogEntry; previous: CatalogEntry }> {
    const updated = await this.tryUpdate(kind, name, changes, audit);
    if (!updated) throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${name}".`);
    return updated;
  }

  /** Creates only if absent (never overwrites): `exists` when the name is taken. */
  async create(
    kind: CatalogKind,
    name: string,
    changes: CatalogChanges,
    audit?: CatalogAuditor,
  ): Promise<'created' | 'exists'> {
    return (await this.tryCreate(kind, name, changes, audit)) ? 'created' : 'exists';
  }

  /** With `audit`, the entry is read first and deleted together with its audit entry. */
  remove(kind: CatalogKind, name: string, audit?: CatalogAuditor): Promise<boolean> {
    return this.table.use(async (client) => {
      this.invalidate();
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
  }

  /** Names and links of all groups and roles, cached briefly: the exchange hot path reads this. */
  snapshot(): Promise<PlatformCatalog> {
    const { cached } = this;
    if (cached && this.now() - cached.at <= CATALOG_CACHE_MS) return cached.value;
    const linked = (e: CatalogEntry) => ({ name: e.name, entraGroupIds: e.entraGroupIds });
    const value = Promise.all([this.list('group'), this.list('role')]).then(([groups, roles]) => ({
      groups: groups.map(linked),
      roles: roles.map(linked),
    }));
    this.cached = { at: this.now(), value };
    value.catch(() => this.invalidate());
    return value;
  }

  private invalidate(): void {
    this.cached = undefined;
  }

  private tryCreate(kind: CatalogKind, name: string, changes: CatalogChanges, audit?: CatalogAuditor) {
    return this.table.use(async (client) => {
      const entity = toCatalogEntity(kind, name, changes, new Date(this.now()).toISOString());
      this.invalidate();
      try {
        await writeCatalogEntity(client, ['create', entity], audit?.(undefined, fromCatalogEntity(entity)));
        return fromCatalogEntity(entity);
      } catch (err) {
        if (isConflict(err)) return undefined;
        return toStorageUnavailable(err);
      }
    });
  }

  /** Read, merge the changes, replace with If-Match; retried when another writer moved first. */
  private tryUpdate(kind: CatalogKind, name: string, changes: CatalogChanges, audit?: CatalogAuditor) {
    return this.table.use(
      async (client): Promise<{ entry: CatalogEntry; previous: CatalogEntry } | undefined> => {
        for (let attempt = 0; attempt < 5; attempt++) {
          let existing: Record<string, unknown> & { etag?: string };
          try {
            existing = await client.getEntity<Record<string, unknown>>(
              kind,
              encodeKey(checkCatalogName(name)),
            );
          } catch (err) {
            if (isNotFound(err)) return undefined;
            return toStorageUnavailable(err);
          }
          const previous = fromCatalogEntity(existing);
          const entity = toCatalogEntity(
            kind,
            name,
            { ...previous, ...definedOnly(changes) },
            previous.createdAt,
          );
          this.invalidate();
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
      },
    );
  }
}
