import {
  type CatalogEntry,
  type CatalogKind,
  type CatalogStore,
  checkCatalogName,
} from '../catalog/catalogStore';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors';
import type { UserStore } from '../users/userStore';
import { updateUser } from './updateUser';

export interface RenameDeps {
  readonly users: UserStore;
  readonly catalog: CatalogStore;
  readonly tenantId: string;
  readonly now?: () => number;
}

export interface RenameResult {
  readonly entry: CatalogEntry;
  /** Users whose manual assignment moved to the new name. */
  readonly movedManualAssignments: number;
  /**
   * Users holding the old name through their claims: that follows the token, so it changes
   * at their next sign-in (or directory sync), when the claim value matches the new name.
   */
  readonly claimHolders: number;
}

/**
 * Renames a platform group or role: creates the new entry (refused with 409 `name_taken`
 * when it exists), moves every manual assignment of the tenant's users to it (each write
 * ETag-checked), then deletes the old entry. Table Storage has no cross-entity
 * transactions; the order means an interrupted rename leaves both names and no user
 * without their assignment, and the old one can then be deleted by hand.
 */
export async function renameCatalogEntry(
  deps: RenameDeps,
  kind: CatalogKind,
  from: string,
  to: string,
): Promise<RenameResult> {
  checkCatalogName(from);
  checkCatalogName(to);
  if (from === to) throw new InvalidRequestError('same_name', 'The new name equals the current one.');
  const source = await deps.catalog.get(kind, from);
  if (!source) throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${from}".`);
  if ((await deps.catalog.create(kind, to, source.description)) === 'exists') {
    throw new ConflictError('name_taken', `A platform ${kind} "${to}" already exists.`);
  }
  const manual = kind === 'group' ? 'manualGroups' : 'manualRoles';
  const claimMade = kind === 'group' ? 'groups' : 'roles';
  let moved = 0;
  let claimHolders = 0;
  for await (const user of deps.users.all(deps.tenantId)) {
    if (user[claimMade].includes(from)) claimHolders += 1;
    if (!user[manual].includes(from)) continue;
    try {
      await updateUser(
        deps.users,
        deps.tenantId,
        user.userId,
        (current) =>
          current[manual].includes(from)
            ? { ...current, [manual]: [...new Set(current[manual].map((n) => (n === from ? to : n)))] }
            : undefined,
        deps.now,
      );
      moved += 1;
    } catch (err) {
      // Deleted meanwhile: nothing left to move.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  await deps.catalog.remove(kind, from);
  const entry = (await deps.catalog.get(kind, to)) ?? { ...source, name: to };
  return { entry, movedManualAssignments: moved, claimHolders };
}
