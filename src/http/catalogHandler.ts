import type { AuditContext } from '../lib/audit/auditEntry';
import {
  type CatalogChangeDeps,
  deleteCatalogEntry,
  saveCatalogEntry,
  viewEntry,
} from '../lib/admin/catalogChanges';
import { renameCatalogEntry } from '../lib/admin/renameCatalogEntry';
import { checkEntraGroupIds } from '../lib/catalog/catalogInput';
import { type CatalogChanges, type CatalogKind, checkCatalogName } from '../lib/catalog/catalogStore';
import { countHolders } from '../lib/catalog/catalogUsage';
import type { Bridge } from '../lib/bridge';
import { ConflictError, InvalidRequestError, NotFoundError } from '../lib/errors';
import { authenticateAdmin } from './authenticate';
import { auditContextOf } from './auditContext';
import { respond } from './errorResponse';
import type { BridgeHandler } from './handle';
import { readBodyText } from './readRequest';

const MAX_DESCRIPTION = 1024;
const MAX_BODY = 16 * 1024;

/**
 * `/api/admin/groups/{*name}` and `/api/admin/roles/{*name}`: list (no name), get, create
 * or update (PUT `{"description"?, "entraGroupIds"?}`), change (PATCH `{"description"?,
 * "entraGroupIds"?, "name"?}`: a new `name` renames, manual assignments move along; 409 when
 * it exists), delete (refused while users hold it unless `?force=true`). Entries answer with
 * their links named from the synchronised directory. The catch-all parameter lets names
 * contain `/`; `#`, `?` and `%` must be percent-encoded.
 */
export function catalogHandler(kind: CatalogKind): BridgeHandler {
  const label = kind === 'group' ? 'group' : 'role';
  return async (bridge, request, context) => {
    const caller = await authenticateAdmin(bridge, request);
    // Hosts keep `%2F` encoded in route values (Kestrel does, so a segment cannot be split):
    // a client that percent-encodes the whole name means "/" by it.
    const raw = (request.params.name ?? '').replace(/%2F/gi, '/');
    const name = raw === '' ? undefined : checkCatalogName(raw);
    const method = request.method.toUpperCase();
    const deps = changeDeps(bridge, auditContextOf(request, context, caller.user.userId));

    if (name === undefined) {
      if (method !== 'GET') throw new InvalidRequestError('missing_name', `A ${label} name is required.`);
      const [entries, directory] = await Promise.all([bridge.catalog.list(kind), bridge.directory.view()]);
      return respond(200, { [`${label}s`]: entries.map((e) => viewEntry(e, directory)) });
    }
    if (method === 'GET') {
      const [entry, directory] = await Promise.all([bridge.catalog.get(kind, name), bridge.directory.view()]);
      if (!entry) throw new NotFoundError(`${label}_not_found`, `No platform ${label} "${name}".`);
      return respond(200, viewEntry(entry, directory));
    }
    if (method === 'PUT') {
      const { changes } = readChanges(await readBodyText(request, MAX_BODY), false);
      const saved = await saveCatalogEntry(deps, kind, name, changes, 'put');
      return respond(saved.created ? 201 : 200, { ...saved.entry, usersRecomputed: saved.usersRecomputed });
    }
    if (method === 'PATCH') {
      const { changes, rename } = readChanges(await readBodyText(request, MAX_BODY), true);
      if (rename === undefined && changes.description === undefined && changes.entraGroupIds === undefined) {
        throw new InvalidRequestError(
          'malformed_body',
          'The body must change "description", "entraGroupIds" or "name".',
        );
      }
      const saved =
        changes.description !== undefined || changes.entraGroupIds !== undefined
          ? await saveCatalogEntry(deps, kind, name, changes, 'patch')
          : undefined;
      if (rename === undefined)
        return respond(200, { ...saved?.entry, usersRecomputed: saved?.usersRecomputed });
      const renamed = await renameCatalogEntry(deps, kind, name, rename);
      return respond(200, { ...renamed, entry: viewEntry(renamed.entry, await bridge.directory.view()) });
    }
    // DELETE
    if (request.query.get('force') !== 'true') {
      const holders = await countHolders(bridge.users, bridge.config.tenantId, kind, name);
      if (holders > 0) {
        throw new ConflictError(
          'in_use',
          `${holders} user(s) hold the ${label} "${name}"; add ?force=true to delete it.`,
        );
      }
    }
    await deleteCatalogEntry(deps, kind, name);
    return { status: 204 };
  };
}

function changeDeps(bridge: Bridge, audit: AuditContext): CatalogChangeDeps {
  return {
    audit,
    config: bridge.config,
    catalog: bridge.catalog,
    users: bridge.users,
    usersTable: bridge.tables.users,
    directory: () => bridge.directory.view(),
    now: bridge.now,
  };
}

/** The JSON body of PUT and PATCH; `name` (a rename) only with PATCH. */
function readChanges(body: string, allowName: boolean): { changes: CatalogChanges; rename?: string } {
  if (body.trim() === '') return { changes: {} };
  const form = allowName
    ? '{"description"?: "…", "entraGroupIds"?: ["<object id>", …], "name"?: "new name"}'
    : '{"description"?: "…", "entraGroupIds"?: ["<object id>", …]}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('malformed_body', `The body must be JSON: ${form}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError('malformed_body', `The body must be JSON: ${form}.`);
  }
  const { description, entraGroupIds, name, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest).concat(!allowName && name !== undefined ? ['name'] : []);
  if (unknown.length > 0) {
    throw new InvalidRequestError(
      'malformed_body',
      `Unknown field(s) ${unknown.join(', ')}; the body is ${form}.`,
    );
  }
  if (
    description !== undefined &&
    (typeof description !== 'string' || description.length > MAX_DESCRIPTION)
  ) {
    throw new InvalidRequestError(
      'malformed_body',
      `"description" must be a string of at most ${MAX_DESCRIPTION} characters.`,
    );
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new InvalidRequestError('malformed_body', `"name" must be a string; the body is ${form}.`);
  }
  return {
    changes: {
      ...(description !== undefined ? { description } : {}),
      ...(entraGroupIds !== undefined ? { entraGroupIds: checkEntraGroupIds(entraGroupIds) } : {}),
    },
    ...(name !== undefined ? { rename: checkCatalogName(name) } : {}),
  };
}
