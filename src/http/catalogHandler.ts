import { checkCatalogName, type CatalogKind } from '../lib/catalog/catalogStore';
import { countHolders } from '../lib/catalog/catalogUsage';
import { renameCatalogEntry } from '../lib/admin/renameCatalogEntry';
import { ConflictError, InvalidRequestError, NotFoundError } from '../lib/errors';
import { authenticateAdmin } from './authenticate';
import { respond } from './errorResponse';
import type { BridgeHandler } from './handle';
import { readBodyText } from './readRequest';

const MAX_DESCRIPTION = 1024;

/**
 * `/api/admin/groups/{*name}` and `/api/admin/roles/{*name}`: list (no name), get, create
 * or update (PUT, body `{"description": "…"}` optional), rename (PATCH, body
 * `{"name": "new"}`: manual assignments move along; 409 when the new name exists), delete
 * (refused while users hold it unless `?force=true`). The catch-all parameter lets names
 * contain `/`; `#`, `?` and `%` must be percent-encoded.
 */
export function catalogHandler(kind: CatalogKind): BridgeHandler {
  const label = kind === 'group' ? 'group' : 'role';
  return async (bridge, request) => {
    await authenticateAdmin(bridge, request);
    // Hosts keep `%2F` encoded in route values (Kestrel does, so a segment cannot be split):
    // a client that percent-encodes the whole name means "/" by it.
    const raw = (request.params.name ?? '').replace(/%2F/gi, '/');
    const name = raw === '' ? undefined : checkCatalogName(raw);
    const method = request.method.toUpperCase();

    if (name === undefined) {
      if (method !== 'GET') throw new InvalidRequestError('missing_name', `A ${label} name is required.`);
      return respond(200, { [`${label}s`]: await bridge.catalog.list(kind) });
    }
    if (method === 'GET') {
      const entry = await bridge.catalog.get(kind, name);
      if (!entry) throw new NotFoundError(`${label}_not_found`, `No platform ${label} "${name}".`);
      return respond(200, entry);
    }
    if (method === 'PUT') {
      const description = await readDescription(await readBodyText(request, 16 * 1024));
      const { entry, created } = await bridge.catalog.put(kind, name, description);
      return respond(created ? 201 : 200, entry);
    }
    if (method === 'PATCH') {
      const to = await readNewName(await readBodyText(request, 16 * 1024));
      const deps = { users: bridge.users, catalog: bridge.catalog, tenantId: bridge.config.tenantId };
      return respond(200, await renameCatalogEntry(deps, kind, name, to));
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
    if (!(await bridge.catalog.remove(kind, name))) {
      throw new NotFoundError(`${label}_not_found`, `No platform ${label} "${name}".`);
    }
    return { status: 204 };
  };
}

async function readDescription(body: string): Promise<string> {
  if (body.trim() === '') return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('malformed_body', 'The body must be JSON: {"description": "…"}.');
  }
  const description = (parsed as { description?: unknown })?.description ?? '';
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
    throw new InvalidRequestError(
      'malformed_body',
      `"description" must be a string of at most ${MAX_DESCRIPTION} characters.`,
    );
  }
  return description;
}

async function readNewName(body: string): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('malformed_body', 'The body must be JSON: {"name": "new name"}.');
  }
  const name = (parsed as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') {
    throw new InvalidRequestError('malformed_body', 'The body must be JSON: {"name": "new name"}.');
  }
  return checkCatalogName(name);
}
