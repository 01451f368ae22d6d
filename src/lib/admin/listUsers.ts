import { InvalidRequestError } from '../errors';
import { effectiveGroups, effectiveRoles, type StoredUser } from '../users/storedUser';
import type { UserStore } from '../users/userStore';

/** A page request of `GET /api/admin/users`. */
export interface UserQuery {
  readonly top: number;
  readonly continuationToken?: string;
  /** Effective group (claims, defaults or manual). Filtered in memory: groups are JSON text in the table. */
  readonly group?: string;
  readonly role?: string;
  /** Table columns: filtered by the service through the SDK's `odata` template. */
  readonly isAdmin?: boolean;
  readonly disabled?: boolean;
}

export interface UserListPage {
  readonly users: StoredUser[];
  /** Absent on the last page. Opaque: pass it back unchanged. */
  readonly continuationToken?: string;
}

export const MAX_PAGE_SIZE = 1000;
/** Table pages read for one answer at most: a rare group must not make one request scan a tenant. */
const MAX_TABLE_PAGES = 20;

/**
 * One page of users of the tenant. Column filters run in Table Storage; group and role
 * filters in memory, reading table pages until `top` users match. Each table page asks for
 * exactly the number still missing, so the continuation token always points just after the
 * last user looked at and paging never skips or repeats anyone. A page may hold fewer than
 * `top` users while a continuation token is still given.
 */
export async function listUsers(users: UserStore, tenantId: string, query: UserQuery): Promise<UserListPage> {
  checkContinuationToken(query.continuationToken);
  const found: StoredUser[] = [];
  let token = query.continuationToken;
  for (let pages = 0; pages < MAX_TABLE_PAGES && found.length < query.top; pages++) {
    const page = await users.list(
      tenantId,
      { isAdmin: query.isAdmin, disabled: query.disabled },
      query.top - found.length,
      token,
    );
    found.push(...page.users.filter((u) => matches(u, query)));
    token = page.continuationToken;
    if (!token) break;
  }
  return token ? { users: found, continuationToken: token } : { users: found };
}

function matches(user: StoredUser, query: UserQuery): boolean {
  if (query.group !== undefined && !effectiveGroups(user).includes(query.group)) return false;
  if (query.role !== undefined && !effectiveRoles(user).includes(query.role)) return false;
  return true;
}

/**
 * The SDK's continuation tokens are base64 JSON `{nextPartitionKey, nextRowKey}`; a mangled
 * one would otherwise fail inside the SDK and look like a storage outage.
 */
function checkContinuationToken(token: string | undefined): void {
  if (token === undefined) return;
  const bad = () =>
    new InvalidRequestError('invalid_continuation_token', 'The continuation token is not valid.');
  if (token.length > 4096 || !/^[A-Za-z0-9+/_-]+=*$/.test(token)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw bad();
  }
  const next = (parsed as { nextPartitionKey?: unknown; nextRowKey?: unknown } | null) ?? {};
  if (
    typeof next !== 'object' ||
    typeof next.nextPartitionKey !== 'string' ||
    (next.nextRowKey !== undefined && typeof next.nextRowKey !== 'string')
  ) {
    throw bad();
  }
}
