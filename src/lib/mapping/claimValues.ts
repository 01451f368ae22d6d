/** The raw values the mapping reads from a token; stored so link changes can recompute. */
export interface ClaimValues {
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Values of `OAUTH_USER_IS_ADMIN_CLAIM`. */
  readonly isAdmin: readonly string[];
}

/** The value of `OAUTH_USER_IS_ADMIN_CLAIM` that makes a user an administrator. */
export const IS_ADMIN_VALUE = 'is_admin';

/** Reads the mapping's inputs from verified claims under the configured claim names. */
export function readClaimValues(
  claims: Readonly<Record<string, unknown>>,
  names: { groups: string; roles: string; isAdmin: string },
): ClaimValues {
  return {
    groups: strings(claims[names.groups]),
    roles: strings(claims[names.roles]),
    isAdmin: strings(claims[names.isAdmin]),
  };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
