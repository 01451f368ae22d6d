import type { GraphApi } from '../graph/graphApi';
import { sameHost } from './fetchGroupDelta';

interface AssignmentPage {
  value?: { principalId?: unknown; principalType?: unknown }[];
  '@odata.nextLink'?: string;
}

const MAX_PAGES = 100;

/**
 * Object IDs of the groups assigned to the API's service principal (its "Users and groups"),
 * read with `GET /servicePrincipals(appId='{appId}')/appRoleAssignedTo`
 * (https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto): with
 * `groupMembershipClaims: ApplicationGroup` Entra puts only these groups in tokens.
 * Assignment is an administrator's act.
 */
export async function fetchApplicationGroups(
  graph: GraphApi,
  options: { applicationId: string; graphBaseUrl: string; budgetMs: number },
): Promise<ReadonlySet<string>> {
  const groups = new Set<string>();
  let url = `/servicePrincipals(appId='${options.applicationId}')/appRoleAssignedTo?$select=principalId,principalType&$top=999`;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await graph.get<AssignmentPage>(url, { budgetMs: options.budgetMs });
    for (const a of answer.value ?? []) {
      if (a.principalType === 'Group' && typeof a.principalId === 'string')
        groups.add(a.principalId.toLowerCase());
    }
    const next = answer['@odata.nextLink'];
    if (!next) return groups;
    url = sameHost(next, options.graphBaseUrl);
  }
  return groups;
}
