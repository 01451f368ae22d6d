import type { AuditContext } from '../audit/auditEntry';
import type { CatalogKind, CatalogStore } from '../catalog/catalogStore';
import { checkCatalogName } from '../catalog/catalogStore';
import { NotFoundError } from '../errors';
import type { StoredUser } from '../users/storedUser';
import type { UserStore } from '../users/userStore';
import { updateUser } from './updateUser';

export interface ManualAssignmentDeps {
  readonly users: UserStore;
  readonly catalog: CatalogStore;
  readonly tenantId: string;
  readonly now?: () => number;
  readonly audit?: AuditContext;
}

const field = (kind: CatalogKind) => (kind === 'group' ? 'manualGroups' : 'manualRoles');

/**
 * Gives a user a platform group or role by hand. Manual assignments live apart from the
 * ones claims produce, so sign-ins and directory syncs never remove them. The group or
 * role must exist. Idempotent: assigning twice writes once.
 */
export async function addManualAssignment(
  deps: ManualAssignmentDeps,
  userId: string,
  kind: CatalogKind,
  name: string,
): Promise<StoredUser> {
  checkCatalogName(name);
  if (!(await deps.catalog.get(kind, name))) {
    throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${name}".`);
  }
  return editManual(deps, userId, kind, 'add', (current) =>
    current.includes(name) ? undefined : [...current, name],
  );
}

/**
 * Takes a manual assignment away. Claim-made assignments are not touched (they follow the
 * token); the group or role need not exist any more, so stale assignments can be cleaned.
 */
export async function removeManualAssignment(
  deps: ManualAssignmentDeps,
  userId: string,
  kind: CatalogKind,
  name: string,
): Promise<StoredUser> {
  checkCatalogName(name);
  return editManual(deps, userId, kind, 'remove', (current) =>
    current.includes(name) ? current.filter((n) => n !== name) : undefined,
  );
}

/** One audited edit of a user's manual groups or roles; `next` answers undefined when nothing changes. */
function editManual(
  deps: ManualAssignmentDeps,
  userId: string,
  kind: CatalogKind,
  verb: 'add' | 'remove',
  next: (current: readonly string[]) => string[] | undefined,
): Promise<StoredUser> {
  return updateUser(
    deps.users,
    deps.tenantId,
    userId,
    (user) => {
      const changed = next(user[field(kind)]);
      return changed === undefined ? undefined : { ...user, [field(kind)]: changed };
    },
    deps.now,
    deps.audit && { context: deps.audit, action: `user.${kind}.${verb}` },
  );
}
