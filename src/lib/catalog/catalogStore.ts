import { odata, type TransactionAction } from '@azure/data-tables';
import { type AuditEntry, auditAction, NOT_AUDIT_ROWS } from '../audit/auditEntry';
import { NotFoundError } from '../errors';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import type { BridgeTable } from '../storage/tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { decodeKey, encodeKey } from '../storage/tableKeys';
import { checkCatalogName, checkEntraGroupIds } from './catalogInput';

export { checkCatalogName } from './catalogInput';

export type CatalogKind = 'group' | 'role';

/** A platform group or role. */
export interface CatalogEntry {
  readonly kind: CatalogKind;
  readonly name: string;
  readonly description: string;
  /** Linked Entra group object IDs (lower-case, sorted). */
  readonly entraGroupIds: readonly string[];
  readonly createdAt: string;
}

/** What a create or update sets; an absent field keeps its value (or is empty on create). */
export interface CatalogChanges {
  readonly description?: string;
  readonly entraGroupIds?: readonly string[];
}

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
  const toEntity = (kind: CatalogKind, name: string, changes: CatalogChanges, createdAt: string) => ({
    partitionKey: kind,
    rowKey: encodeKey(checkCatalogName(name)),
    name,
    description: changes.description ?? '',
    entraGroupIds: JSON.stringify(checkEntraGroupIds(changes.entraGroupIds ?? [])),
    createdAt,
  });
  const fromEntity = (e: Record<string, unknown>): CatalogEntry => ({
    kind: e.partitionKey === 'role' ? 'role' : 'group',
    name: typeof e.name === 'string' ? e.name : decodeKey(String(e.rowKey)),
    description: typeof e.description === 'string' ? e.description : '',
    entraGroupIds: readIds(e.entraGroupIds),
    createdAt: typeof e.createdAt === 'string' ? e.createdAt : '',
  });
  /** One write, or the write and its audit entry in one transaction (same table, same partition). */
  const write = async (
    client: Awaited<ReturnType<BridgeTable['ready']>>,
    action: TransactionAction,
    entry: AuditEntry | undefined,
  ) => {
    const entity = action[1] as { partitionKey: string; rowKey: string };
    if (entry)
      return void (await client.submitTransaction([action, auditAction(entity.partitionKey, entry)]));
    if (action[0] === 'create') return void (await client.createEntity(entity));
    if (action[0] === 'delete') return void (await client.deleteEntity(entity.partitionKey, entity.rowKey));
    await client.updateEntity(entity, 'Replace', (action as [string, unknown, string, { etag: string }])[3]);
  };
  const tryCreate = (kind: CatalogKind, name: string, changes: CatalogChanges, audit?: CatalogAuditor) =>
    table.use(async (client) => {
      const entity = toEntity(kind, name, changes, new Date(now()).toISOString());
      invalidate();
      try {
        await write(client, ['create', entity], audit?.(undefined, fromEntity(entity)));
        return fromEntity(entity);
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
        const previous = fromEntity(existing);
        const merged = { ...previous, ...definedOnly(changes) };
        const entity = toEntity(kind, name, merged, previous.createdAt);
        invalidate();
        try {
          const entry = fromEntity(entity);
          // Nothing changes: no write, so no audit entry for a change that did not happen.
          if (JSON.stringify(entry) === JSON.stringify(previous)) return { entry, previous };
          await write(
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
            entries.push(fromEntity(e));
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
          return fromEntity(await client.getEntity(kind, encodeKey(checkCatalogName(name))));
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
            ? fromEntity(await client.getEntity(keys.partitionKey, keys.rowKey))
            : undefined;
          await write(client, ['delete', keys], audit?.(before, undefined));
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

function definedOnly(changes: CatalogChanges): CatalogChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

/** Stored links as written by this store; anything else reads as no links rather than failing. */
function readIds(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
