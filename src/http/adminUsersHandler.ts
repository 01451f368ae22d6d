import type { HttpRequest } from '@azure/functions';
import { toAdminUser } from '../lib/admin/adminUser';
import { listUsers, MAX_PAGE_SIZE, type UserQuery } from '../lib/admin/listUsers';
import { addManualAssignment, removeManualAssignment } from '../lib/admin/manualAssignments';
import { provisionUser, readProvisionInput } from '../lib/admin/provisionUser';
import { updateUser } from '../lib/admin/updateUser';
import { type CatalogKind, checkCatalogName } from '../lib/catalog/catalogStore';
import { ConflictError, InvalidRequestError, NotFoundError } from '../lib/errors';
import { isStorableKey } from '../lib/storage/tableKeys';
import { authenticateAdmin } from './authenticate';
import { userAuditEntry } from '../lib/audit/userAudit';
import { auditContextOf } from './auditContext';
import { respond } from './errorResponse';
import { readBodyText } from './readRequest';
import type { BridgeHandler } from './handle';

const DEFAULT_PAGE_SIZE = 100;
const MAX_BODY_BYTES = 64 * 1024;

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new InvalidRequestError('malformed_body', 'The body must be JSON.');
  }
}

/**
 * `GET /api/admin/users` (paging: `top`, `continuationToken`; filters: `group`, `role`,
 * `admin`, `disabled`), `GET|DELETE /api/admin/users/{id}`, and `PUT /api/admin/users/{id}` to
 * provision a user ahead of sign-in (`{email, firstName, lastName, oid, groups, roles}`). Users are those of the
 * configured tenant, keyed by the value of `OAUTH_USER_ID_CLAIM`.
 */
export const usersHandler: BridgeHandler = async (bridge, request, context) => {
  const caller = await authenticateAdmin(bridge, request);
  const audit = auditContextOf(request, context, caller.user.userId);
  const tenantId = bridge.config.tenantId;
  if (!request.params.id) {
    if (request.method.toUpperCase() !== 'GET')
      throw new InvalidRequestError('missing_id', 'A user ID is required.');
    const page = await listUsers(bridge.users, tenantId, readUserQuery(request));
    return respond(200, { ...page, users: page.users.map(toAdminUser) });
  }
  const id = readUserId(request);
  if (request.method.toUpperCase() === 'GET') {
    const user = await bridge.users.get(tenantId, id);
    if (!user) throw new NotFoundError('user_not_found', `No user "${id}".`);
    return respond(200, toAdminUser(user));
  }
  if (request.method.toUpperCase() === 'PUT') {
    const input = readProvisionInput(parseJson(await readBodyText(request, MAX_BODY_BYTES)));
    const deps = { config: bridge.config, users: bridge.users, catalog: bridge.catalog, audit };
    const { user, created } = await provisionUser(deps, id, input);
    return respond(created ? 201 : 200, toAdminUser(user));
  }
  if (id === caller.user.userId)
    throw new ConflictError('cannot_change_self', 'Administrators cannot delete themselves.');
  // Read first: the deletion's audit entry keeps what was deleted.
  const existing = await bridge.users.get(tenantId, id);
  const entry = existing && userAuditEntry(audit, 'user.delete', id, existing, undefined);
  if (!existing || !(await bridge.users.remove(tenantId, id, undefined, entry)))
    throw new NotFoundError('user_not_found', `No user "${id}".`);
  return { status: 204 };
};

/** `POST /api/admin/users/{id}/disable` and `/enable`. A disabled user's tokens stop working at once. */
export const userStateHandler: BridgeHandler = async (bridge, request, context) => {
  const caller = await authenticateAdmin(bridge, request);
  const audit = {
    context: auditContextOf(request, context, caller.user.userId),
    action: `user.${action0(request)}`,
  };
  const id = readUserId(request);
  const action = request.params.action?.toLowerCase();
  if (action !== 'disable' && action !== 'enable')
    throw new NotFoundError('not_found', 'No such user action.');
  const disabled = action === 'disable';
  if (disabled && id === caller.user.userId) {
    throw new ConflictError('cannot_change_self', 'Administrators cannot disable themselves.');
  }
  // An administrator's act wins over the sync's: enabling lifts any reason, disabling is recorded as
  // `admin_disabled`, which the sync never lifts when Entra enables the account.
  const user = await updateUser(
    bridge.users,
    bridge.config.tenantId,
    id,
    (u) => {
      if (!disabled)
        return u.disabled ? { ...u, disabled, disabledBy: null, disabledReason: null } : undefined;
      if (u.disabled && u.disabledBy === 'admin') return undefined;
      return { ...u, disabled, disabledBy: 'admin', disabledReason: 'admin_disabled' };
    },
    Date.now,
    audit,
  );
  return respond(200, toAdminUser(user));
};

/**
 * `PUT|DELETE /api/admin/users/{id}/groups/{*name}` (and `/roles/`): manual assignments,
 * kept apart from the claim-made ones. PUT needs the platform group or role to exist.
 */
export function userAssignmentHandler(kind: CatalogKind): BridgeHandler {
  return async (bridge, request, context) => {
    const caller = await authenticateAdmin(bridge, request);
    const id = readUserId(request);
    const name = checkCatalogName(request.params.name ?? '');
    const deps = {
      users: bridge.users,
      catalog: bridge.catalog,
      tenantId: bridge.config.tenantId,
      audit: auditContextOf(request, context, caller.user.userId),
    };
    const user =
      request.method.toUpperCase() === 'PUT'
        ? await addManualAssignment(deps, id, kind, name)
        : await removeManualAssignment(deps, id, kind, name);
    return respond(200, toAdminUser(user));
  };
}

const action0 = (request: HttpRequest) =>
  request.params.action?.toLowerCase() === 'enable' ? 'enable' : 'disable';

/**
 * The `{id}` route value. Hosts leave `%2F` encoded in a segment (so it cannot split the
 * path): it is decoded here, so IDs with `/` can be addressed as `%2F`.
 */
function readUserId(request: HttpRequest): string {
  const id = (request.params.id ?? '').replace(/%2F/gi, '/');
  if (id.trim() === '' || id.length > 256 || !isStorableKey(id)) {
    throw new InvalidRequestError('invalid_id', 'A user ID is a non-empty string of at most 256 characters.');
  }
  return id;
}

function readUserQuery(request: HttpRequest): UserQuery {
  const q = request.query;
  const topText = q.get('top') ?? String(DEFAULT_PAGE_SIZE);
  const top = /^\d{1,4}$/.test(topText) ? Number(topText) : Number.NaN;
  if (!(top >= 1 && top <= MAX_PAGE_SIZE)) {
    throw new InvalidRequestError('invalid_query', `top must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const flag = (name: string): boolean | undefined => {
    const value = q.get(name);
    if (value === null) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new InvalidRequestError('invalid_query', `${name} must be true or false.`);
  };
  const group = q.get('group');
  const role = q.get('role');
  return {
    top,
    continuationToken: q.get('continuationToken') ?? undefined,
    group: group === null ? undefined : checkCatalogName(group),
    role: role === null ? undefined : checkCatalogName(role),
    isAdmin: flag('admin'),
    disabled: flag('disabled'),
  };
}
