import { platformToken } from './auth';

/** An admin API refusal: HTTP status, the stable reason code and the bridge's description. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the admin API (the same one the CLI uses) with the administrator's platform token. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = platformToken();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    const reason = String(
      parsed.reason ?? parsed.error ?? (response.status === 404 ? 'not_found' : 'http_error'),
    );
    const message = String(parsed.error_description ?? parsed.message ?? `HTTP ${response.status}`);
    throw new ApiError(response.status, reason, message);
  }
  return parsed as T;
}

/** `encodeURIComponent` for route values; names may hold `/`, which the admin API reads as `%2F`. */
export const seg = (value: string): string => encodeURIComponent(value);

export interface EntraLink {
  id: string;
  displayName: string | null;
  deleted: boolean;
}

export interface CatalogEntry {
  name: string;
  description: string;
  entraGroupIds?: string[];
  entraGroups?: EntraLink[];
}

export interface AdminUser {
  id: string;
  kind: 'user' | 'service';
  oid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  groups: string[];
  roles: string[];
  claimGroups: string[];
  claimRoles: string[];
  manualGroups: string[];
  manualRoles: string[];
  claimValues: { groups: string[]; roles: string[]; isAdmin: string[] };
  isAdmin: boolean;
  adminReason: string | null;
  disabled: boolean;
  disabledReason?: string | null;
  lastSeenAt: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  onPremisesSamAccountName: string | null;
  securityEnabled: boolean;
  /** Several live groups share this display name: pick by object ID. */
  ambiguous: boolean;
  platformGroups: { name: string; via: string }[];
  platformRoles: { name: string; via: string }[];
  admin: boolean;
  /** Platform names this group's directory name equals although it selects none of them. */
  lookAlikes: string[];
}

export interface DirectoryListing {
  synced: boolean;
  total: number;
  groups: DirectoryGroup[];
}

export interface ValueDecision {
  value: string;
  outcome: 'matched' | 'ignored';
  target?: string;
  via?: string;
  reason?: string;
  detail?: string;
  displayName?: string | null;
  /** A platform name the group's directory name equals although nothing links it (not granted). */
  lookAlike?: string | null;
}

export interface Explanation {
  validation: { performed: boolean; ok: boolean; reason?: string; message?: string };
  user: { id: { value: string | null; claim: string | null }; email: { value: string | null } };
  claims: { groups: { claim: string; values: string[] }; roles: { claim: string; values: string[] } };
  groups: ValueDecision[];
  roles: ValueDecision[];
  defaults: { groups: string[]; roles: string[]; missing: string[] };
  admin: { isAdmin: boolean; reason: string | null; detail: string };
  outcome: { wouldIssue: boolean; reason: string | null; message: string };
  platformToken: Record<string, unknown> | null;
}
