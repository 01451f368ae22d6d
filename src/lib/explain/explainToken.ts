import type { Bridge } from '../bridge';
import { BridgeError } from '../errors';
import { resolveClaimValues } from '../mapping/resolveClaimValues';
import { platformTokenExpiry } from '../platform/tokenLifetime';
import { decideSignIn } from '../users/signInDecision';
import { claimText, readProfile } from '../users/signInUser';
import { explainAdmin } from './explainAdmin';
import type { Explanation, SourcedValue } from './explanation';
import { outcomeOf, overage } from './explainOutcome';
import { type ExplainInput, explainValidation } from './explainValidation';

export type { ExplainInput } from './explainValidation';

export type ExplainDeps = Pick<Bridge, 'config' | 'verifier' | 'directory' | 'catalog' | 'users'> & {
  readonly now?: () => number;
};

/**
 * The whole sign-in decision for a token or a set of claims, computed by the very functions
 * the exchange runs (`verifier.explain`, `resolveClaimValues`, `decideSignIn`, `platformTokenExpiry`,
 * over the same catalog and directory snapshots and the stored user) and writing nothing. A token that fails
 * validation is still decoded, so the mapping it would get once fixed is shown too.
 */
export async function explainToken(deps: ExplainDeps, input: ExplainInput): Promise<Explanation> {
  const { config } = deps;
  const nowSeconds = Math.floor((deps.now ?? Date.now)() / 1000);
  const checked = await explainValidation(deps, input);
  const token = checked.token;
  const [values, catalog, directory, stored] = await Promise.all([
    resolveClaimValues(deps, token),
    deps.catalog.snapshot(),
    deps.directory.view(),
    token.subjectId === '' ? undefined : deps.users.get(token.tenantId, token.subjectId),
  ]);
  const decision = decideSignIn(config, {
    subjectId: token.subjectId,
    claimValues: values,
    catalog,
    directory,
    stored,
  });
  const { assignments } = decision;
  const profile = readProfile(config, token);
  const manualGroups = stored?.manualGroups ?? [];
  const manualRoles = stored?.manualRoles ?? [];
  const expiry = tokenExpiry(nowSeconds, config.bridge.tokenLifetimeSeconds, token.expiresAt);
  const outcome = outcomeOf(checked.validation, expiry, decision);
  const source = (names: readonly string[], value: string | null): SourcedValue => ({
    value,
    claim: value === null ? null : (names.find((n) => claimText(token.claims, n) !== null) ?? null),
  });
  const claimNames = config.claims;
  return {
    input: 'token' in input ? 'token' : 'claims',
    validation: checked.validation,
    caller: {
      kind: token.kind,
      clientId: token.clientId || null,
      version: typeof token.claims.ver === 'string' ? token.claims.ver : null,
      scopes: token.scopes,
      appRoles: token.appRoles,
      expiresAt: token.expiresAt || null,
    },
    user: {
      tenantId: token.tenantId,
      id: { value: token.subjectId || null, claim: token.kind === 'app' ? 'oid' : claimNames.userId },
      oid: profile.oid || null,
      kind: profile.kind,
      email: source(claimNames.email, profile.email),
      firstName: source([claimNames.firstName], profile.firstName),
      lastName: source([claimNames.lastName], profile.lastName),
    },
    claims: {
      groups: { claim: claimNames.groups, values: values.groups },
      roles: { claim: claimNames.roles, values: values.roles },
      isAdmin: { claim: claimNames.isAdmin, values: values.isAdmin },
    },
    overage: overage(token.claims, values.groups.length, config.graph.groupMembershipClaims),
    directory: { synced: directory.synced, groups: directory.size },
    groups: assignments.decisions.groups,
    roles: assignments.decisions.roles,
    defaults: assignments.defaults,
    admin: {
      isAdmin: assignments.isAdmin,
      reason: assignments.adminReason,
      detail: explainAdmin(config, values, assignments, directory),
    },
    storedUser: {
      exists: stored !== undefined,
      disabled: stored?.disabled === true,
      disabledReason: stored?.disabledReason ?? null,
      manualGroups,
      manualRoles,
    },
    outcome,
    platformToken:
      outcome.wouldIssue && typeof expiry === 'number'
        ? {
            iss: config.bridge.issuer,
            sub: token.subjectId,
            aud: config.bridge.audience,
            client_id: token.clientId,
            iat: nowSeconds,
            exp: expiry,
            tid: token.tenantId,
            oid: profile.oid,
            groups: decision.groups,
            roles: decision.roles,
            admin: assignments.isAdmin,
          }
        : null,
  };
}

/** The platform token's `exp` as the exchange computes it, or its refusal. */
function tokenExpiry(iat: number, lifetime: number, notAfter: number): number | BridgeError {
  try {
    return platformTokenExpiry(iat, lifetime, notAfter || Number.MAX_SAFE_INTEGER);
  } catch (err) {
    if (err instanceof BridgeError) return err;
    throw err;
  }
}
