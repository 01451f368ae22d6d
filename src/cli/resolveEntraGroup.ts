import type { DescribedGroup } from '../lib/directory/describeDirectoryGroups';
import type { ApiClient } from './apiClient';
import { CliFailure } from './cliOutput';

const PAGE = 5000;

/** Every live group of the synchronised directory matching `query` (`name=` or `search=`), all pages. */
export async function directoryGroups(
  client: ApiClient,
  query: Record<string, string> = {},
): Promise<DescribedGroup[]> {
  const groups: DescribedGroup[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const params = new URLSearchParams({ ...query, offset: String(offset), limit: String(PAGE) });
    const page = await client.request<{ total: number; groups: DescribedGroup[] }>(
      'GET',
      `/api/admin/directory/groups?${params}`,
    );
    groups.push(...page.groups);
    if (offset + PAGE >= page.total) return groups;
  }
}

export const described = (g: { id: string; displayName: string | null }) =>
  `"${g.displayName ?? '(unknown)'}" ${g.id}`;

/**
 * Resolves a display name to exactly one object ID through the synchronised directory —
 * once, at the administrator's request; the link then holds the ID, whatever the group is
 * called later. Several groups of that name, or none, are refused with the candidates.
 */
export async function resolveEntraGroup(client: ApiClient, displayName: string): Promise<DescribedGroup> {
  const sameName = await directoryGroups(client, { name: displayName });
  const exact = sameName.filter((g) => g.displayName === displayName);
  const candidates = exact.length > 0 ? exact : sameName;
  const [only] = candidates;
  if (candidates.length === 1 && only) return only;
  if (candidates.length > 1) {
    throw new CliFailure(
      `${candidates.length} Entra groups are named "${displayName}"; link one by object ID (--entra-group-id):\n` +
        candidates.map((g) => `  ${described(g)}`).join('\n'),
    );
  }
  const similar = (await directoryGroups(client, { search: displayName })).slice(0, 10);
  throw new CliFailure(
    `No Entra group is named "${displayName}" in the synchronised directory` +
      (similar.length > 0
        ? `; similar names:\n${similar.map((g) => `  ${described(g)}`).join('\n')}`
        : ' (run the directory sync first: POST /api/admin/directory/sync).'),
  );
}
