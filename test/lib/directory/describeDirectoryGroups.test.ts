import { describe, expect, it } from 'vitest';
import { describeDirectoryGroups } from '../../../src/lib/directory/describeDirectoryGroups';
import { createDirectoryView, type DirectoryGroup } from '../../../src/lib/directory/directoryView';
import { createNameMatcher } from '../../../src/lib/mapping/nameMatcher';

const g = (id: string, displayName: string, sam: string | null = null): DirectoryGroup => ({
  id,
  displayName,
  onPremisesSamAccountName: sam,
  securityEnabled: true,
  deleted: false,
  lastSeenAt: '',
});
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('describeDirectoryGroups', () => {
  const view = createDirectoryView(
    [
      g(ID(1), 'Analysts'),
      g(ID(2), 'Twins'),
      g(ID(3), 'Twins', 'twins-sam'),
      g(ID(4), 'Admins'),
      g(ID(5), 'analysts-x'),
    ],
    createNameMatcher(true),
    true,
  );
  const catalog = {
    groups: [
      { name: 'Analysts', entraGroupIds: [ID(1)] },
      { name: 'Twins', entraGroupIds: [] },
      { name: 'twins-sam', entraGroupIds: [ID(3)] },
    ],
    roles: [{ name: 'Analysts', entraGroupIds: [ID(1), ID(5)] }],
  };
  const config = { caseSensitiveMatching: true, adminRoleName: ID(4) };

  it('lists OID → name → linked platform groups/roles/admin, flags ambiguous names and look-alikes, sorted by name', () => {
    const listing = describeDirectoryGroups(config, view, catalog, { offset: 0, limit: 100, mapped: false });
    expect(listing.total).toBe(5);
    expect(listing.groups.map((x) => x.displayName)).toEqual([
      'Admins',
      'Analysts',
      'analysts-x',
      'Twins',
      'Twins',
    ]);
    const byId = new Map(listing.groups.map((x) => [x.id, x]));
    expect(byId.get(ID(1))).toMatchObject({
      platformGroups: [{ name: 'Analysts', via: 'link' }],
      platformRoles: [{ name: 'Analysts', via: 'link' }],
      ambiguous: false,
      lookAlikes: [],
    });
    // Named like a platform group, but not linked: it selects nothing, and says so.
    expect(byId.get(ID(2))).toMatchObject({ ambiguous: true, platformGroups: [], lookAlikes: ['Twins'] });
    expect(byId.get(ID(3))).toMatchObject({
      ambiguous: true,
      platformGroups: [{ name: 'twins-sam', via: 'link' }],
      lookAlikes: ['Twins'],
    });
    expect(byId.get(ID(4))).toMatchObject({ admin: true, platformGroups: [] });
    expect(byId.get(ID(5))).toMatchObject({
      platformGroups: [],
      platformRoles: [{ name: 'Analysts', via: 'link' }],
    });
  });

  it('pages, filters to mapped groups, and searches by name or object ID', () => {
    const listing = describeDirectoryGroups(config, view, catalog, { offset: 1, limit: 1, mapped: true });
    expect(listing).toMatchObject({ total: 4, offset: 1, limit: 1 });
    expect(listing.groups.map((x) => x.id)).toEqual([ID(1)]);
    const page = { offset: 0, limit: 100, mapped: false };
    const ids = (filter: { search?: string; name?: string }) =>
      describeDirectoryGroups(config, view, catalog, { ...page, ...filter }).groups.map((x) => x.id);
    expect(ids({ search: 'ANALYSTS' })).toEqual([ID(1), ID(5)]);
    expect(ids({ search: ID(3) })).toEqual([ID(3)]);
    expect(ids({ name: 'twins' })).toEqual([ID(2), ID(3)]);
    expect(ids({ name: 'Analyst' })).toEqual([]);
  });
});
