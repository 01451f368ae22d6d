import type { AuditContext } from '../audit/auditEntry';
import { userAuditEntry } from '../audit/userAudit';
import type { CatalogKind, CatalogStore } from '../catalog/catalogStore';
import { checkCatalogName } from '../catalog/catalogStore';
import type { BridgeConfig } from '../config/bridgeConfig';
import { InvalidRequestError, NotFoundError, UnavailableError } from '../errors';
import { newStoredUser, type StoredUser } from '../users/storedUser';
import type { UserStore } from '../users/userStore';

/** The body of `PUT /api/admin/users/{id}`: what an administrator knows before the first sign-in. */
export interface ProvisionInput {
  readonly email?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  /** Entra object ID; defaults to the user ID when `OAUTH_USER_ID_CLAIM` is `oid`. */
  readonly oid?: string;
  /** Manual platform groups and roles (each must exist); the whole set. */
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
}

export interface ProvisionDeps {
  readonly config: BridgeConfig;
  readonly users: UserStore;
  readonly catalog: CatalogStore;
  readonly now?: () => number;
  readonly audit?: AuditContext;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTEMPTS = 5;

/**
 * Provisions a user ahead of sign-in (needed with `OAUTH_JIT_PROVISIONING=false`), or updates
 * a provisioned one: profile fields given replace the stored ones, `groups`/`roles` replace the
 * manual assignments. Claim values stay empty until the first sign-in fills them in as usual.
 * Conditional writes (insert, or replace with the ETag read), retried on a concurrent change.
 */
export async function provisionUser(
  deps: ProvisionDeps,
  userId: string,
  input: ProvisionInput,
): Promise<{ user: StoredUser; created: boolean; before: StoredUser | undefined }> {
  const manualGroups = input.groups ? await existing(deps.catalog, 'group', input.groups) : undefined;
  const manualRoles = input.roles ? await existing(deps.catalog, 'role', input.roles) : undefined;
  const tenantId = deps.config.tenantId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const at = new Date((deps.now ?? Date.now)()).toISOString();
    const stored = await deps.users.get(tenantId, userId);
    const base: StoredUser =
      stored ??
      newStoredUser(
        {
          tenantId,
          userId,
          oid: input.oid ?? (deps.config.claims.userId === 'oid' ? userId.toLowerCase() : ''),
          at,
        },
        { lastSeenAt: '' },
      );
    const next: StoredUser = {
      ...base,
      ...(input.oid !== undefined ? { oid: input.oid.toLowerCase() } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
      ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
      ...(manualGroups ? { manualGroups } : {}),
      ...(manualRoles ? { manualRoles } : {}),
      updatedAt: at,
    };
    const action = stored ? 'user.update' : 'user.provision';
    const entry = deps.audit && userAuditEntry(deps.audit, action, userId, stored, next, deps.now);
    const outcome = stored ? await deps.users.replace(next, entry) : await deps.users.create(next, entry);
    if (outcome === 'written') return { user: next, created: !stored, before: stored };
  }
  throw new UnavailableError(
    'storage_contention',
    'The user record is being changed concurrently; try again.',
    {
      retryAfterSeconds: 1,
    },
  );
}

async function existing(catalog: CatalogStore, kind: CatalogKind, names: readonly string[]) {
  const unique = [...new Set(names.map((n) => checkCatalogName(n)))];
  for (const name of unique) {
    if (!(await catalog.get(kind, name)))
      throw new NotFoundError(`${kind}_not_found`, `No platform ${kind} "${name}".`);
  }
  return unique;
}

/** Checks the JSON body of a provisioning request; every problem is a 400 `invalid_user`. */
export function readProvisionInput(body: unknown): ProvisionInput {
  const bad = (message: string) => new InvalidRequestError('invalid_user', message);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('The body must be a JSON object.');
  const record = body as Record<string, unknown>;
  const known = ['email', 'firstName', 'lastName', 'oid', 'groups', 'roles'];
  const unknown = Object.keys(record).find((k) => !known.includes(k));
  if (unknown !== undefined) throw bad(`Unknown property "${unknown.slice(0, 40)}".`);
  const text = (name: string): string | null | undefined => {
    const value = record[name];
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string' || value.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
      throw bad(`${name} must be a string of at most 256 printable characters, or null.`);
    }
    return value.trim() === '' ? null : value.trim();
  };
  const names = (name: string): string[] | undefined => {
    const value = record[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length > 100 || !value.every((v) => typeof v === 'string')) {
      throw bad(`${name} must be an array of at most 100 names.`);
    }
    return value as string[];
  };
  const email = text('email');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw bad('email must look like an e-mail address.');
  const oid = record.oid;
  if (oid !== undefined && (typeof oid !== 'string' || !GUID.test(oid))) throw bad('oid must be a GUID.');
  return {
    email,
    firstName: text('firstName'),
    lastName: text('lastName'),
    ...(typeof oid === 'string' ? { oid } : {}),
    groups: names('groups'),
    roles: names('roles'),
  };
}
