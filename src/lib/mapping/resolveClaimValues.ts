import type { BridgeConfig } from '../config/bridgeConfig';
import { hasGroupOverage } from '../directory/overageGroups';
import type { VerifiedEntraToken } from '../entra/verifyEntraToken';
import { type ClaimValues, readClaimValues } from './claimValues';

export interface ClaimResolutionDeps {
  readonly config: Pick<BridgeConfig, 'claims'>;
  readonly directory: {
    /** The groups Entra would have put in the claim, read from Graph (group overage). */
    overageGroups(userOid: string): Promise<readonly string[]>;
  };
}

/**
 * The claim values the mapping reads for a verified token, the same for the exchange and
 * explain: the configured claims; for a user token with group overage, the groups resolved
 * through Graph in their place (never the token's `_claim_sources` URL); for an app-only
 * token, its app roles in place of absent group and role claims, because Entra never emits
 * group claims for service principals.
 */
export async function resolveClaimValues(
  deps: ClaimResolutionDeps,
  token: VerifiedEntraToken,
): Promise<ClaimValues> {
  const { claims } = deps.config;
  const values = readClaimValues(token.claims, claims);
  if (token.kind !== 'app') {
    if (!hasGroupOverage(token.claims)) return values;
    const oid = typeof token.claims.oid === 'string' ? token.claims.oid : '';
    const resolved = await deps.directory.overageGroups(oid);
    return {
      ...values,
      groups: claims.groups === 'groups' ? resolved : values.groups,
      roles: claims.roles === 'groups' ? resolved : values.roles,
    };
  }
  const absent = (claim: string) => token.claims[claim] === undefined;
  return {
    ...values,
    groups: absent(claims.groups) ? token.appRoles : values.groups,
    roles: absent(claims.roles) ? token.appRoles : values.roles,
  };
}
