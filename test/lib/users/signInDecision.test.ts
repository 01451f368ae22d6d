import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createDirectoryView,
  type DirectoryGroup,
  EMPTY_DIRECTORY,
} from '../../../src/lib/directory/directoryView';
import { type ClaimValues, readClaimValues } from '../../../src/lib/mapping/claimValues';
import { createNameMatcher } from '../../../src/lib/mapping/nameMatcher';
import { type PlatformCatalog, unlinked } from '../../../src/lib/mapping/platformCatalog';
import type { DirectoryView } from '../../../src/lib/directory/directoryView';
import { decideSignIn, type MappingSettings } from '../../../src/lib/users/signInDecision';
import { fuzzSeed } from '../../support/fuzzArbitraries';

const settings = {
  caseSensitiveMatching: true,
  defaultGroups: [],
  defaultRoles: [],
  adminRoleName: 'PlatformAdminsGroup',
};
const catalog = {
  groups: ['Restricted', 'Analysts', 'platform-readers'].map(unlinked),
  roles: ['reader', 'writer'].map(unlinked),
};
const OID_RESTRICTED = '6cab8f93-8e22-4947-80c3-c6ed549cb47a';
const OID_ADMINS = '0b2f5a7e-1c4d-4e8a-9f3b-6d1e2c3a4b5c';
const OID_READERS = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const group = (
  id: string,
  displayName: string,
  sam: string | null = null,
  deleted = false,
): DirectoryGroup => ({
  id,
  displayName,
  onPremisesSamAccountName: sam,
  securityEnabled: true,
  deleted,
  lastSeenAt: '2026-11-23T00:00:00Z',
});

const claims = (groups: string[], roles: string[] = [], isAdmin: string[] = []) => ({
  groups,
  roles,
  isAdmin,
});

/** The mapping's part of the sign-in decision: what the claims give a user with no stored record. */
const mapAssignments = (
  mapping: MappingSettings,
  values: ClaimValues,
  entries: PlatformCatalog,
  directory: DirectoryView,
) =>
  decideSignIn(
    { ...mapping, jitProvisioning: true },
    { subjectId: 'u', claimValues: values, catalog: entries, directory, stored: undefined },
  ).assignments;

describe('decideSignIn: the mapping', () => {
  it('assigns groups whose names equal claim values, exactly and case-sensitively', () => {
    const result = mapAssignments(
      settings,
      claims(['Restricted', 'analysts', 'Unknown']),
      catalog,
      EMPTY_DIRECTORY,
    );
    expect(result.groups).toEqual(['Restricted']);
    expect(result.decisions.groups).toEqual([
      {
        value: 'Restricted',
        outcome: 'matched',
        target: 'Restricted',
        via: 'name',
        displayName: null,
        lookAlike: null,
      },
      expect.objectContaining({ value: 'analysts', outcome: 'ignored', reason: 'differs_only_by_case' }),
      { value: 'Unknown', outcome: 'ignored', reason: 'no_such_group', displayName: null, lookAlike: null },
    ]);
  });

  it('matches case-insensitively when configured so', () => {
    const result = mapAssignments(
      { ...settings, caseSensitiveMatching: false },
      claims(['analysts', 'RESTRICTED']),
      catalog,
      EMPTY_DIRECTORY,
    );
    expect(result.groups).toEqual(['Analysts', 'Restricted']);
  });

  it('maps roles from the roles claim values', () => {
    const result = mapAssignments(settings, claims([], ['reader', 'admin']), catalog, EMPTY_DIRECTORY);
    expect(result.roles).toEqual(['reader']);
    expect(result.decisions.roles[1]).toMatchObject({ value: 'admin', reason: 'no_such_group' });
  });

  it('adds existing default groups and roles, and reports missing ones', () => {
    const result = mapAssignments(
      { ...settings, defaultGroups: ['Analysts', 'Ghost'], defaultRoles: ['reader'] },
      claims([]),
      catalog,
      EMPTY_DIRECTORY,
    );
    expect(result.groups).toEqual(['Analysts']);
    expect(result.roles).toEqual(['reader']);
    expect(result.defaults.missing).toEqual(['Ghost']);
  });

  it('makes admins by the admin claim value is_admin', () => {
    expect(mapAssignments(settings, claims([], [], ['is_admin']), catalog, EMPTY_DIRECTORY)).toMatchObject({
      isAdmin: true,
      adminReason: 'claim',
    });
    expect(mapAssignments(settings, claims([], [], ['yes']), catalog, EMPTY_DIRECTORY).isAdmin).toBe(false);
  });

  it('makes admins by a groups value equal to OAUTH_ADMIN_ROLE_NAME, never through a directory name', () => {
    expect(
      mapAssignments(settings, claims(['PlatformAdminsGroup']), catalog, EMPTY_DIRECTORY).adminReason,
    ).toBe('admin_group');
    const directory = createDirectoryView(
      [group(OID_ADMINS, 'PlatformAdminsGroup')],
      createNameMatcher(true),
      true,
    );
    // The group's display name equals the setting, but only the literal value counts.
    expect(mapAssignments(settings, claims([OID_ADMINS]), catalog, directory).isAdmin).toBe(false);
    const byOid = { ...settings, adminRoleName: OID_ADMINS };
    expect(mapAssignments(byOid, claims([OID_ADMINS.toUpperCase()]), catalog, directory)).toMatchObject({
      isAdmin: true,
      adminReason: 'admin_group',
      adminValue: OID_ADMINS.toUpperCase(),
    });
    expect(mapAssignments(settings, claims(['platformadminsgroup']), catalog, EMPTY_DIRECTORY).isAdmin).toBe(
      false,
    );
  });

  it('maps group OIDs through links only; the directory names them for reading', () => {
    const directory = createDirectoryView(
      [group(OID_RESTRICTED, 'Restricted'), group(OID_READERS, 'Platform Readers', 'platform-readers')],
      createNameMatcher(true),
      true,
    );
    const linked = {
      groups: [
        { name: 'Restricted', entraGroupIds: [] },
        { name: 'Readers', entraGroupIds: [OID_READERS] },
        { name: 'platform-readers', entraGroupIds: [] },
      ],
      roles: [],
    };
    const result = mapAssignments(settings, claims([OID_RESTRICTED, OID_READERS]), linked, directory);
    expect(result.groups).toEqual(['Readers']);
    expect(result.decisions.groups).toEqual([
      expect.objectContaining({
        value: OID_RESTRICTED,
        outcome: 'ignored',
        reason: 'not_linked',
        displayName: 'Restricted',
        lookAlike: 'Restricted',
      }),
      {
        value: OID_READERS,
        outcome: 'matched',
        target: 'Readers',
        via: 'link',
        displayName: 'Platform Readers',
        lookAlike: 'platform-readers',
      },
    ]);
  });

  it('lets one linked object ID select several entries, and a name select an entry named after an OID', () => {
    const entries = {
      groups: [
        { name: 'A', entraGroupIds: [OID_RESTRICTED] },
        { name: 'B', entraGroupIds: [OID_RESTRICTED] },
        { name: OID_RESTRICTED, entraGroupIds: [] },
      ],
      roles: [],
    };
    const result = mapAssignments(settings, claims([OID_RESTRICTED]), entries, EMPTY_DIRECTORY);
    expect(result.groups).toEqual(['A', 'B', OID_RESTRICTED]);
    expect(result.decisions.groups.map((d) => d.outcome === 'matched' && d.via)).toEqual([
      'link',
      'link',
      'name',
    ]);
  });

  it('grants nothing to unknown, deleted or same-named groups', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const deleted = '22222222-3333-4444-8555-666666666666';
    const unknown = '33333333-4444-4555-8666-777777777777';
    const directory = createDirectoryView(
      [
        group(OID_RESTRICTED, 'Restricted'),
        group(other, 'Restricted'),
        group(deleted, 'Analysts', null, true),
      ],
      createNameMatcher(true),
      true,
    );
    const result = mapAssignments(settings, claims([OID_RESTRICTED, deleted, unknown]), catalog, directory);
    expect(result.groups).toEqual([]);
    expect(result.decisions.groups.map((d) => d.outcome === 'ignored' && d.reason)).toEqual([
      'not_linked',
      'not_linked',
      'not_linked',
    ]);
    expect(result.decisions.groups.map((d) => d.displayName)).toEqual(['Restricted', null, null]);
  });

  it('reads claim values as arrays or single strings, dropping non-strings', () => {
    expect(
      readClaimValues(
        { groups: ['a', 1, 'b'], roles: 'r', flag: 'is_admin' },
        { groups: 'groups', roles: 'roles', isAdmin: 'flag' },
      ),
    ).toEqual({
      groups: ['a', 'b'],
      roles: ['r'],
      isAdmin: ['is_admin'],
    });
  });
});

describe('decideSignIn: the directory names groups, it never grants', () => {
  // Whatever a tenant member calls their groups (a platform group's name, the admin group's
  // name, another group's object ID…), the decision's groups, roles and admin flag are those
  // it makes with no directory at all. The directory only feeds what explain shows people.
  const OIDS = [OID_RESTRICTED, OID_ADMINS, OID_READERS, '11111111-2222-4333-8444-555555555555'];
  const NAMES = [
    'Restricted',
    'Analysts',
    'platform-readers',
    'reader',
    'PlatformAdminsGroup',
    OID_ADMINS,
    'x',
  ];
  const linkedCatalog = {
    groups: [
      { name: 'platform-readers', entraGroupIds: [OID_READERS] },
      ...['Restricted', 'Analysts'].map(unlinked),
    ],
    roles: ['reader', 'writer'].map(unlinked),
  };
  const decide = (values: ClaimValues, directory: DirectoryView, caseSensitive: boolean) => {
    const decision = decideSignIn(
      { ...settings, caseSensitiveMatching: caseSensitive, jitProvisioning: true },
      { subjectId: 'u', claimValues: values, catalog: linkedCatalog, directory, stored: undefined },
    );
    return { groups: decision.groups, roles: decision.roles, admin: decision.assignments.isAdmin };
  };

  it('grants the same with any directory as with none', () => {
    const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
    const directoryGroup = fc.record({
      id: fc.constantFrom(...OIDS),
      displayName: name,
      onPremisesSamAccountName: fc.option(name, { nil: null }),
      deleted: fc.boolean(),
    });
    const value = fc.oneof(fc.constantFrom(...OIDS), fc.constantFrom(...NAMES));
    fc.assert(
      fc.property(
        fc.array(directoryGroup, { maxLength: 6 }),
        fc.array(value, { maxLength: 5 }),
        fc.array(value, { maxLength: 3 }),
        fc.boolean(),
        (groups, groupValues, roleValues, caseSensitive) => {
          const matcher = createNameMatcher(caseSensitive);
          const directory = createDirectoryView(
            groups.map((g) => group(g.id, g.displayName, g.onPremisesSamAccountName, g.deleted)),
            matcher,
            true,
          );
          const values = { groups: groupValues, roles: roleValues, isAdmin: [] };
          expect(decide(values, directory, caseSensitive)).toEqual(
            decide(values, EMPTY_DIRECTORY, caseSensitive),
          );
        },
      ),
      { seed: fuzzSeed(20261202), numRuns: 500 },
    );
  });
});
