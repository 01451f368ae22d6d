import type { GroupMembershipClaims } from '../config/bridgeConfig';
import { GUID_PATTERN } from '../config/settingParsers';
import type { GraphApi } from '../graph/graphApi';
import { GraphFailure } from '../graph/graphFailure';
import { fetchApplicationGroups } from './applicationGroups';

/**
 * True when Entra left the groups out of a token because there were too many ("group
 * overage"): no `groups` claim, but `_claim_names.groups` (JWTs with more than 200 groups) or
 * `hasgroups: true` (implicit flow)
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#groups-overage-claim).
 */
export function hasGroupOverage(claims: Readonly<Record<string, unknown>>): boolean {
  if (claims.groups !== undefined) return false;
  const names = claims._claim_names;
  const named = typeof names === 'object' && names !== null && 'groups' in names;
  return named || claims.hasgroups === true || claims.hasgroups === 'true';
}

export interface OverageResolver {
  /** Object IDs of the groups the token's `groups` claim would have held. */
  groupsOf(userOid: string): Promise<readonly string[]>;
}

export interface OverageResolverOptions {
  readonly graph: GraphApi;
  /** `OAUTH_GROUP_MEMBERSHIP_CLAIMS`: which groups the API app's groups claim carries. */
  readonly membershipClaims: GroupMembershipClaims;
  /** The API's application (client) ID, whose service principal's assignments `ApplicationGroup` reads. */
  readonly applicationId: string;
  readonly graphBaseUrl: string | undefined;
  /** `GRAPH_OVERAGE_CACHE_SECONDS`; 0 disables the cache (also of the application's assigned groups). */
  readonly cacheSeconds: number;
  readonly now: () => number;
  /** A user waits for this call: retries stop after this budget (default 8 s). */
  readonly budgetMs?: number;
  /** Largest number of cached users (oldest dropped first). */
  readonly maxEntries?: number;
}

/**
 * Resolves overage tokens through Microsoft Graph with the bridge's own credential, to what
 * the claim would have held under the API app's `groupMembershipClaims`:
 * `POST /users/{oid}/getMemberObjects` (https://learn.microsoft.com/graph/api/directoryobject-getmemberobjects)
 * returns the transitive memberships in one request — security groups only for
 * `SecurityGroup` (`securityEnabledOnly: true`), every group for `All`, and for
 * `ApplicationGroup` only those also assigned to the API's service principal. The
 * `_claim_sources` endpoint in the token (the retired Azure AD Graph) is never called: URLs
 * from tokens are not fetched.
 * Results are cached per user; concurrent look-ups of one user share one request. Graph
 * failures propagate as `GraphFailure` (503 `directory_unavailable` + Retry-After): a user
 * is never mapped as if they had no groups because Graph was down.
 */
export function createOverageResolver(options: OverageResolverOptions): OverageResolver {
  const ttlMs = options.cacheSeconds * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { groups: readonly string[]; expiresAt: number }>();
  const inFlight = new Map<string, Promise<readonly string[]>>();

  const budgetMs = options.budgetMs ?? 8_000;
  let assigned: { groups: Promise<ReadonlySet<string>>; at: number } | undefined;
  const applicationGroups = (): Promise<ReadonlySet<string>> => {
    if (!assigned || options.now() - assigned.at >= ttlMs) {
      const groups = fetchApplicationGroups(options.graph, {
        applicationId: options.applicationId,
        graphBaseUrl: options.graphBaseUrl ?? '',
        budgetMs,
      });
      const entry = { groups, at: options.now() };
      assigned = entry;
      groups.catch(() => {
        if (assigned === entry) assigned = undefined;
      });
    }
    return assigned.groups;
  };

  const fetchGroups = async (oid: string): Promise<readonly string[]> => {
    try {
      const [answer, onlyAssigned] = await Promise.all([
        options.graph.post<{ value?: unknown }>(
          `/users/${oid}/getMemberObjects`,
          { securityEnabledOnly: options.membershipClaims === 'SecurityGroup' },
          { budgetMs },
        ),
        options.membershipClaims === 'ApplicationGroup' ? applicationGroups() : undefined,
      ]);
      const value = Array.isArray(answer.value) ? answer.value : [];
      const ids = value.filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase());
      return onlyAssigned ? ids.filter((id) => onlyAssigned.has(id)) : ids;
    } catch (err) {
      // A user the directory does not know (deleted since the token was issued) has no groups.
      if (err instanceof GraphFailure && err.reason === 'not_found') return [];
      throw err;
    }
  };

  return {
    async groupsOf(userOid) {
      const oid = userOid.toLowerCase();
      if (!GUID_PATTERN.test(oid)) return [];
      const hit = cache.get(oid);
      if (hit && hit.expiresAt > options.now()) return hit.groups;
      let pending = inFlight.get(oid);
      if (!pending) {
        pending = fetchGroups(oid).finally(() => inFlight.delete(oid));
        inFlight.set(oid, pending);
      }
      const groups = await pending;
      if (ttlMs > 0) {
        cache.delete(oid);
        cache.set(oid, { groups, expiresAt: options.now() + ttlMs });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      }
      return groups;
    },
  };
}
