import type { UserStore } from '../users/userStore';
import type { CatalogKind } from './catalogStore';

/**
 * How many users of the tenant hold a platform group or role, from claims or by hand.
 * A scan: deleting a group is rare, and correctness matters more than speed there.
 */
export async function countHolders(
  users: UserStore,
  tenantId: string,
  kind: CatalogKind,
  name: string,
): Promise<number> {
  let count = 0;
  for await (const user of users.all(tenantId)) {
    const held =
      kind === 'group' ? [...user.groups, ...user.manualGroups] : [...user.roles, ...user.manualRoles];
    if (held.includes(name)) count += 1;
  }
  return count;
}
