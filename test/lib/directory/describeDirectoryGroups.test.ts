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
  const catalog = { groups: ['Analysts', 'Twins', 'twins-sam'], roles: ['Analysts'] };
  const config = { caseSensitiveMatching: true, adminRoleName: 'Admins' };

  it('lists OID → name → platform group/role/admin, flags ambiguous names, sorted by name', () => {
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
      platformGroup: { name: 'Analysts', via: 'displayName' },
      platformRole: { name: 'Analysts', via: 'displayName' },
      ambiguous: false,
    });
    expect(byId.get(ID(2))).toMatchObject({
      ambiguous: true,
      platformGroup: null,
      reason: 'ambiguous_display_name',
    });
    // An ambiguous display name still maps through an unambiguous sAMAccountName.
    expect(byId.get(ID(3))).toMatchObject({
      ambiguous: true,
      platformGroup: { name: 'twins-sam', via: 'onPremisesSamAccountName' },
    });
    expect(byId.get(ID(4))).toMatchObject({ admin: true, platformGroup: null });
  });

  it('pages and filters to mapped groups', () => {
    const listing = describeDirectoryGroups(config, view, catalog, { offset: 1, limit: 1, mapped: true });
    expect(listing).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(listing.groups.map((x) => x.id)).toEqual([ID(1)]);
  });
});
