import type { AuditContext } from '../audit/auditEntry';
import { catalogAuditor } from '../audit/catalogAudit';
import type { CatalogChanges, CatalogEntry, CatalogKind, CatalogStore } from '../catalog/catalogStore';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import { type RecomputeScope, recomputeUsers } from '../directory/recomputeUsers';
import { NotFoundError } from '../errors';
import type { BridgeTable } from '../storage/tables';
import type { CachedUserStore } from '../users/cachedUserStore';
import type { StoredUser } from '../users/storedUser';

export interface CatalogChangeDeps {
  readonly config: BridgeConfig;
  readonly catalog: CatalogStore;
  readonly users: CachedUserStore;
  readonly usersTable: BridgeTable;
  readonly directory: () => Promise<DirectoryView>;
  readonly now: () => number;
  /** Who makes the change: each catalog write then carries its audit entry. */
  readonly audit?: AuditContext;
}

/** A catalog entry as the admin API shows it: its links with the directory's current names. */
export interface CatalogEntryView extends CatalogEntry {
  readonly entraGroups: readonly { id: string; displayName: string | null; deleted: boolean }[];
}

/** The entry with each linked object ID named from the synchronised directory (`null` when unknown). */
export function viewEntry(entry: CatalogEntry, directory: DirectoryView): CatalogEntryView {
  return {
    ...entry,
    entraGroups: entry.entraGroupIds.map((id) => {
      const group = directory.known(id);
      return { id, displayName: group?.displayName ?? null, deleted: group?.deleted === true };
    }),
  };
}

const claimField = (kind: CatalogKind) => (kind === 'group' ? 'groups' : 'roles');
const manualField = (kind: CatalogKind) => (kind === 'group' ? 'manualGroups' : 'manualRoles');

/**
 * Recomputes, in one scan, the stored users a catalog change affects, from the claim values
 * of their last sign-in and the catalog as it is now, so the admin views and `/api/me` are
 * current without waiting for sign-ins. Returns how many users were rewritten.
 */
export async function recomputeAffected(deps: CatalogChangeDeps, scope: RecomputeScope): Promise<number> {
  const [catalog, directory] = await Promise.all([deps.catalog.snapshot(), deps.directory()]);
  try {
    const result = await recomputeUsers(
      {
        config: deps.config,
        users: deps.users,
        usersTable: deps.usersTable,
        catalog,
        directory,
        now: deps.now,
      },
      scope,
    );
    return result.recomputed;
  } finally {
    deps.users.forgetAll(); // the transactions bypassed the per-instance user cache
  }
}

/** Users whose last claims carry one of `ids` (case-insensitive object IDs) in the kind's claim. */
export function carriesAny(kind: CatalogKind, ids: ReadonlySet<string>): (user: StoredUser) => boolean {
  const field = claimField(kind);
  return (user) => ids.size > 0 && user.claimValues[field].some((v) => ids.has(v.toLowerCase()));
}

/** Users who hold the entry, through claims or by hand. */
export function holds(kind: CatalogKind, name: string): (user: StoredUser) => boolean {
  return (user) => user[claimField(kind)].includes(name) || user[manualField(kind)].includes(name);
}

/**
 * Creates or updates a platform group or role (`PUT`, or `PATCH` of an existing one); when its
 * links changed, recomputes the users whose last claims carry an added or removed object ID.
 */
export async function saveCatalogEntry(
  deps: CatalogChangeDeps,
  kind: CatalogKind,
  name: string,
  changes: CatalogChanges,
  mode: 'put' | 'patch',
): Promise<{ entry: CatalogEntryView; created: boolean; usersRecomputed: number }> {
  const saved =
    mode === 'put'
      ? await deps.catalog.put(kind, name, changes, catalogAuditor(deps.audit, kind, deps.now))
      : {
          ...(await deps.catalog.update(kind, name, changes, catalogAuditor(deps.audit, kind, deps.now))),
          created: false,
        };
  const before = new Set(saved.previous?.entraGroupIds ?? []);
  const after = new Set(saved.entry.entraGroupIds);
  const changed = new Set([...before, ...after].filter((id) => before.has(id) !== after.has(id)));
  // A new entry also selects users whose claims carry its very name (names Entra puts in tokens).
  const values = saved.created ? new Set([...changed, name.toLowerCase()]) : changed;
  const usersRecomputed =
    values.size > 0 ? await recomputeAffected(deps, { affects: carriesAny(kind, values) }) : 0;
  return { entry: viewEntry(saved.entry, await deps.directory()), created: saved.created, usersRecomputed };
}

/**
 * Deletes a platform group or role. Forced while users hold it, it is also taken out of every
 * user's manual assignments and claim-made assignments, so it grants nothing from then on.
 */
export async function deleteCatalogEntry(
  deps: CatalogChangeDeps,
  kind: CatalogKind,
  name: string,
): Promise<{ usersRecomputed: number }> {
  if (!(await deps.catalog.remove(kind, name, catalogAuditor(deps.audit, kind, deps.now)))) {
    throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${name}".`);
  }
  const manual = manualField(kind);
  const usersRecomputed = await recomputeAffected(deps, {
    affects: holds(kind, name),
    edit: (user) => ({ ...user, [manual]: user[manual].filter((n) => n !== name) }),
  });
  return { usersRecomputed };
}
