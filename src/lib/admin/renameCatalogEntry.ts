import { type CatalogEntry, type CatalogKind, checkCatalogName } from '../catalog/catalogStore';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors';
import { newAuditEntry } from '../audit/auditEntry';
import { type CatalogChangeDeps, recomputeAffected } from './catalogChanges';
import { updateUser } from './updateUser';

export interface RenameResult {
  readonly entry: CatalogEntry;
  /** Users whose manual assignment moved to the new name. */
  readonly movedManualAssignments: number;
  /** Users who held the old name through their claims (links or the name itself) before the rename. */
  readonly claimHolders: number;
  /** Users rewritten because their claim-made assignments changed with the rename. */
  readonly usersRecomputed: number;
}

/**
 * Renames a platform group or role: creates the new entry with the same description and
 * links (refused with 409 `name_taken` when it exists), moves every manual assignment of the
 * tenant's users to it (each write ETag-checked), deletes the old entry, then recomputes the
 * users who held the old name through their claims (a link carries over; a claim value equal
 * to the old name no longer selects it). Table Storage has no cross-entity transactions; the
 * order means an interrupted rename leaves both names and no user without their
 * assignment, and the old one can then be deleted by hand.
 */
export async function renameCatalogEntry(
  deps: CatalogChangeDeps,
  kind: CatalogKind,
  from: string,
  to: string,
): Promise<RenameResult> {
  checkCatalogName(from);
  checkCatalogName(to);
  if (from === to) throw new InvalidRequestError('same_name', 'The new name equals the current one.');
  const source = await deps.catalog.get(kind, from);
  if (!source) throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${from}".`);
  const copy = { description: source.description, entraGroupIds: source.entraGroupIds };
  // The rename's one audit entry goes with the creation of the new name (its first write).
  const audit = deps.audit;
  const auditor = audit
    ? () =>
        newAuditEntry(audit, `${kind}.rename`, { type: kind, id: to }, { name: from }, { name: to }, deps.now)
    : undefined;
  if ((await deps.catalog.create(kind, to, copy, auditor)) === 'exists') {
    throw new ConflictError('name_taken', `A platform ${kind} "${to}" already exists.`);
  }
  const manual = kind === 'group' ? 'manualGroups' : 'manualRoles';
  const claimMade = kind === 'group' ? 'groups' : 'roles';
  let moved = 0;
  let claimHolders = 0;
  for await (const user of deps.users.all(deps.config.tenantId)) {
    if (user[claimMade].includes(from)) claimHolders += 1;
    if (!user[manual].includes(from)) continue;
    try {
      await updateUser(
        deps.users,
        deps.config.tenantId,
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
  const usersRecomputed =
    claimHolders > 0
      ? await recomputeAffected(deps, { affects: (user) => user[claimMade].includes(from) })
      : 0;
  const entry = (await deps.catalog.get(kind, to)) ?? { ...source, name: to };
  return { entry, movedManualAssignments: moved, claimHolders, usersRecomputed };
}
