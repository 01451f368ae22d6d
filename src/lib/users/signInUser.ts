import type { BridgeConfig } from '../config/bridgeConfig';
import type { DirectoryView } from '../directory/directoryView';
import type { VerifiedEntraToken } from '../entra/verifyEntraToken';
import { ForbiddenError, UnavailableError } from '../errors';
import type { PlatformCatalog } from '../mapping/platformCatalog';
import { type ClaimResolutionDeps, resolveClaimValues } from '../mapping/resolveClaimValues';
import { decideSignIn, type SignInDecision } from './signInDecision';
import { profileHash, type StoredUser } from './storedUser';
import type { UserStore } from './userStore';

/** A sign-in whose claims did not change refreshes `lastSeenAt` at most this often. */
export const LAST_SEEN_REFRESH_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** What a sign-in reads and writes; a bridge provides all of it. */
export interface SignInDeps extends ClaimResolutionDeps {
  readonly config: BridgeConfig;
  readonly users: UserStore;
  readonly catalog: { snapshot(): Promise<PlatformCatalog> };
  readonly directory: ClaimResolutionDeps['directory'] & { view(): Promise<DirectoryView> };
  readonly now: () => number;
}

export interface SignInResult {
  readonly user: StoredUser;
  /** The decision the user was let in by: assignments and the platform token's groups and roles. */
  readonly decision: SignInDecision;
  /** False when nothing changed and no storage write was made. */
  readonly written: boolean;
}

/**
 * Just-in-time provisioning: decides the sign-in (`decideSignIn`, which explain runs too)
 * and stores the caller's profile and assignments, writing only when something
 * changed. Writes are conditional and retried on conflict, so concurrent first sign-ins of
 * the same user on several instances end with one entity. Refusals (`user_disabled`, `user_not_provisioned`,
 * `no_group`) are decided before any write.
 */
export async function signInUser(deps: SignInDeps, token: VerifiedEntraToken): Promise<SignInResult> {
  const { config, users } = deps;
  const [claimValues, catalog, directory] = await Promise.all([
    resolveClaimValues(deps, token),
    deps.catalog.snapshot(),
    deps.directory.view(),
  ]);
  const profile = readProfile(config, token);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await users.get(token.tenantId, token.subjectId);
    const decision = decideSignIn(config, {
      subjectId: token.subjectId,
      claimValues,
      catalog,
      directory,
      stored: existing,
    });
    if (decision.refusal) throw new ForbiddenError(decision.refusal.reason, decision.refusal.message);
    const { assignments } = decision;
    const manualGroups = existing?.manualGroups ?? [];
    const manualRoles = existing?.manualRoles ?? [];
    const at = new Date(deps.now()).toISOString();
    const desired: StoredUser = {
      tenantId: token.tenantId,
      userId: token.subjectId,
      ...profile,
      // A user provisioned ahead of sign-in keeps what the administrator gave where the token is silent.
      email: profile.email ?? existing?.email ?? null,
      firstName: profile.firstName ?? existing?.firstName ?? null,
      lastName: profile.lastName ?? existing?.lastName ?? null,
      claimValues,
      groups: assignments.groups,
      roles: assignments.roles,
      manualGroups,
      manualRoles,
      isAdmin: assignments.isAdmin,
      adminReason: assignments.adminReason,
      disabled: false,
      disabledBy: null,
      disabledReason: null,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      lastSeenAt: at,
      etag: existing?.etag,
    };
    if (!existing) {
      if ((await users.create(desired)) === 'written') return { user: desired, decision, written: true };
      continue;
    }
    const unchanged = existing.profileHash === profileHash(desired);
    if (unchanged && deps.now() - Date.parse(existing.lastSeenAt) < LAST_SEEN_REFRESH_MS) {
      return { user: existing, decision, written: false };
    }
    const next = unchanged ? { ...desired, updatedAt: existing.updatedAt } : desired;
    if ((await users.replace(next)) === 'written') return { user: next, decision, written: true };
  }
  throw new UnavailableError(
    'storage_contention',
    'The user record is being changed concurrently; try again.',
    {
      retryAfterSeconds: 1,
    },
  );
}

/**
 * A claim as profile text: a non-empty string, trimmed and cut to 256 characters; else null.
 * Shared by sign-in and explain so both read the profile the same way.
 */
export function claimText(claims: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 256) : null;
}

/** The profile a sign-in stores, read from the verified token under the configured claim names. */
export function readProfile(config: BridgeConfig, token: VerifiedEntraToken) {
  const claims = token.claims;
  const text = (name: string): string | null => claimText(claims, name);
  const email = config.claims.email.map(text).find((v) => v !== null) ?? null;
  return {
    kind: token.kind === 'app' ? ('service' as const) : ('user' as const),
    oid: text('oid') ?? token.subjectId,
    email: token.kind === 'app' ? null : email,
    firstName: token.kind === 'app' ? null : text(config.claims.firstName),
    lastName: token.kind === 'app' ? null : text(config.claims.lastName),
  };
}
