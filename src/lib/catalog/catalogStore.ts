import { odata } from '@azure/data-tables';
import { InvalidRequestError } from '../errors';
import type { PlatformCatalog } from '../mapping/mapAssignments';
import type { BridgeTable } from '../storage/tables';
import { isConflict, isNotFound, isPreconditionFailed, toStorageUnavailable } from '../storage/storageErrors';
import { decodeKey, encodeKey, isStorableKey } from '../storage/tableKeys';

export type CatalogKind = 'group' | 'role';

/** A platform group or role. */
export interface CatalogEntry {
  readonly kind: CatalogKind;
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
}

export interface CatalogStore {
  list(kind: CatalogKind): Promise<CatalogEntry[]>;
  get(kind: CatalogKind, name: string): Promise<CatalogEntry | undefined>;
  /** Creates or updates the description; `created` tells which. */
  put(
    kind: CatalogKind,
    name: string,
    description: string,
  ): Promise<{ entry: CatalogEntry; created: boolean }>;
  /** Creates only if absent (never overwrites): `exists` when the name is taken. */
  create(kind: CatalogKind, name: string, description: string): Promise<'created' | 'exists'>;
  remove(kind: CatalogKind, name: string): Promise<boolean>;
  /** Names of all groups and roles, cached briefly: the exchange hot path reads this. */
  snapshot(): Promise<PlatformCatalog>;
}

/** How long an instance trusts its copy of the catalog; writes through this instance refresh it at once. */
export const CATALOG_CACHE_MS = 30_000;

/**
 * Refuses names that cannot be a platform group or role: empty, over 256 characters,
 * control characters, or ill-formed Unicode. `/ \ # ?` are allowed and encoded for keys.
 */
export function checkCatalogName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) {
    throw new InvalidRequestError(
      'invalid_name',
      'A name must be a non-empty string without leading or trailing spaces.',
    );
  }
  if (name.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(name) || !isStorableKey(name)) {
    throw new InvalidRequestError('invalid_name', 'A name must be at most 256 printable characters.');
  }
  // The admin API addresses names in a catch-all route: URL parsers drop "." and ".."
  // segments and hosts trim empty ones, so such names could be created but never reached.
  // Likewise "%2F" in a name: route values keep an encoded slash as "%2F", which the admin
  // API reads as "/", so a name containing the text "%2F" could never be addressed.
  if (/%2F/i.test(name)) {
    throw new InvalidRequestError('invalid_name', 'A name must not contain the text "%2F"; use "/".');
  }
  if (name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidRequestError(
      'invalid_name',
      'A name must not start or end with "/", contain "//", or have "." or ".." between slashes.',
    );
  }
  return name;
}

export function createCatalogStore(table: BridgeTable, now: () => number = Date.now): CatalogStore {
  let cached: { at: number; value: Promise<PlatformCatalog> } | undefined;
  const invalidate = () => {
    cached = undefined;
  };
  const fromEntity = (e: Record<string, unknown>): CatalogEntry => ({
    kind: e.partitionKey === 'role' ? 'role' : 'group',
    name: typeof e.name === 'string' ? e.name : decodeKey(String(e.rowKey)),
    description: typeof e.description === 'string' ? e.description : '',
    createdAt: typeof e.createdAt === 'string' ? e.createdAt : '',
  });

  const store: CatalogStore = {
    list(kind) {
      return table.use(async (client) => {
        try {
          const entries: CatalogEntry[] = [];
          const filter = odata`PartitionKey eq ${kind}`;
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
    put(kind, name, description) {
      return table.use(async (client) => {
        const entity = {
          partitionKey: kind,
          rowKey: encodeKey(checkCatalogName(name)),
          name,
          description,
          createdAt: new Date(now()).toISOString(),
        };
        invalidate();
        try {
          await client.createEntity(entity);
          return { entry: fromEntity(entity), created: true };
        } catch (err) {
          if (!isConflict(err)) return toStorageUnavailable(err);
        }
        try {
          const existing = await client.getEntity<Record<string, unknown>>(kind, entity.rowKey);
          const updated = { ...entity, createdAt: existing.createdAt as string };
          await client.updateEntity(updated, 'Merge', { etag: existing.etag });
          return { entry: fromEntity(updated), created: false };
        } catch (err) {
          if (isPreconditionFailed(err) || isNotFound(err)) return store.put(kind, name, description);
          return toStorageUnavailable(err);
        }
      });
    },
    create(kind, name, description) {
      return table.use(async (client) => {
        invalidate();
        try {
          await client.createEntity({
            partitionKey: kind,
            rowKey: encodeKey(checkCatalogName(name)),
            name,
            description,
            createdAt: new Date(now()).toISOString(),
          });
          return 'created';
        } catch (err) {
          if (isConflict(err)) return 'exists';
          return toStorageUnavailable(err);
        }
      });
    },
    remove(kind, name) {
      return table.use(async (client) => {
        invalidate();
        try {
          await client.deleteEntity(kind, encodeKey(checkCatalogName(name)));
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          return toStorageUnavailable(err);
        }
      });
    },
    snapshot() {
      if (!cached || now() - cached.at > CATALOG_CACHE_MS) {
        const value = Promise.all([store.list('group'), store.list('role')]).then(([groups, roles]) => ({
          groups: groups.map((g) => g.name),
          roles: roles.map((r) => r.name),
        }));
        cached = { at: now(), value };
        value.catch(invalidate);
      }
      return cached.value;
    },
  };
  return store;
}
