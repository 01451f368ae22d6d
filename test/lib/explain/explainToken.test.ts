import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import {
  createDirectoryView,
  type DirectoryGroup,
  EMPTY_DIRECTORY,
} from '../../../src/lib/directory/directoryView';
import type { EntraTokenVerifier } from '../../../src/lib/entra/verifyEntraToken';
import { TokenRejectedError } from '../../../src/lib/errors';
import { type ExplainDeps, explainToken } from '../../../src/lib/explain/explainToken';
import { createNameMatcher } from '../../../src/lib/mapping/nameMatcher';
import { unlinked } from '../../../src/lib/mapping/platformCatalog';
import type { StoredUser } from '../../../src/lib/users/storedUser';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const CLIENT = '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b';
const env = {
  OAUTH_ENABLED: 'true',
  OAUTH_TENANT_ID: TENANT,
  OAUTH_APPLICATION_ID: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  OAUTH_CLIENT_APPLICATION_IDS: CLIENT,
  EXTERNAL_AUTH_DEFAULT_GROUPS: 'Everyone,Ghost',
};
const group = (id: string, displayName: string, sam: string | null = null): DirectoryGroup => ({
  id,
  displayName,
  onPremisesSamAccountName: sam,
  securityEnabled: true,
  deleted: false,
  lastSeenAt: '2024-01-01T00:00:00Z',
});
const OID = {
  restricted: '6cab8f93-8e22-4947-80c3-c6ed549cb47a',
  readers: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  twinA: '11111111-1111-4111-8111-111111111111',
  twinB: '22222222-2222-4222-8222-222222222222',
  unknown: '33333333-3333-4333-8333-333333333333',
  lower: '44444444-4444-4444-8444-444444444444',
  admins: '55555555-5555-4555-8555-555555555555',
};
const directory = createDirectoryView(
  [
    group(OID.restricted, 'Restricted'),
    group(OID.readers, 'Platform Readers', 'platform-readers'),
    group(OID.twinA, 'Twins'),
    group(OID.twinB, 'Twins'),
    group(OID.lower, 'analysts'),
    group(OID.admins, 'PlatformAdminsGroup'),
  ],
  createNameMatcher(true),
  true,
);

function deps(
  options: {
    stored?: Partial<StoredUser>;
    verifier?: EntraTokenVerifier;
    synced?: boolean;
    env?: Record<string, string>;
  } = {},
): ExplainDeps & {
  writes: number;
} {
  const config = loadConfig({ ...env, ...options.env });
  const state = { writes: 0 };
  const fail = async () => {
    state.writes += 1;
    throw new Error('explain must not write');
  };
  return {
    config,
    verifier: options.verifier ?? ({} as EntraTokenVerifier),
    directory: {
      view: async () => (options.synced === false ? EMPTY_DIRECTORY : directory),
      overageGroups: async () => [], // Graph knows no groups of this user
    } as unknown as ExplainDeps['directory'],
    catalog: {
      snapshot: async () => ({
        groups: [
          unlinked('Restricted'),
          unlinked('Analysts'),
          { name: 'platform-readers', entraGroupIds: [OID.readers] },
          unlinked('Twins'),
          unlinked('Everyone'),
        ],
        roles: [unlinked('Analysts')],
      }),
      put: fail,
      create: fail,
      remove: fail,
    } as unknown as ExplainDeps['catalog'],
    users: {
      get: async () =>
        options.stored
          ? ({ manualGroups: [], manualRoles: [], disabled: false, ...options.stored } as StoredUser)
          : undefined,
      create: fail,
      replace: fail,
      remove: fail,
    } as unknown as ExplainDeps['users'],
    now: () => 1_700_000_000_000,
    get writes() {
      return state.writes;
    },
  };
}

const claims = (extra: Record<string, unknown> = {}) => ({
  tid: TENANT,
  azp: CLIENT,
  ver: '2.0',
  scp: 'access_as_user',
  oid: '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
  preferred_username: 'bob@contoso.test',
  email: ' bob@contoso.test ',
  given_name: 'Bob',
  exp: 1_700_003_600,
  ...extra,
});

describe('explainToken with claims (validation skipped)', () => {
  it('explains every match path and every ignore reason, writing nothing', async () => {
    const d = deps();
    const e = await explainToken(d, {
      claims: claims({
        groups: [
          'Analysts',
          'restricted',
          OID.restricted,
          OID.readers,
          OID.twinA,
          OID.unknown,
          OID.lower,
          'Nope',
        ],
      }),
    });
    expect(d.writes).toBe(0);
    expect(e.validation).toMatchObject({ performed: false, note: 'claims given, validation skipped' });
    const byValue = Object.fromEntries(e.groups.map((g) => [g.value, g]));
    expect(byValue.Analysts).toMatchObject({ outcome: 'matched', target: 'Analysts', via: 'name' });
    expect(byValue.restricted).toMatchObject({ outcome: 'ignored', reason: 'differs_only_by_case' });
    // Named like a platform group in the directory, not linked: a look-alike, not a grant.
    expect(byValue[OID.restricted]).toMatchObject({
      outcome: 'ignored',
      reason: 'not_linked',
      displayName: 'Restricted',
      lookAlike: 'Restricted',
    });
    expect(byValue[OID.readers]).toMatchObject({
      outcome: 'matched',
      target: 'platform-readers',
      via: 'link',
      displayName: 'Platform Readers',
      lookAlike: null,
    });
    expect(byValue[OID.twinA]).toMatchObject({
      outcome: 'ignored',
      reason: 'not_linked',
      lookAlike: 'Twins',
    });
    expect(byValue[OID.unknown]).toMatchObject({
      outcome: 'ignored',
      reason: 'not_linked',
      displayName: null,
      detail: expect.stringMatching(/unknown/),
    });
    expect(byValue[OID.lower]).toMatchObject({ outcome: 'ignored', reason: 'not_linked', lookAlike: null });
    expect(byValue.Nope).toMatchObject({ outcome: 'ignored', reason: 'no_such_group' });
    expect(e.defaults).toEqual({ groups: ['Everyone'], roles: [], missing: ['Ghost'] });
    expect(e.user).toMatchObject({
      id: { value: '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a', claim: 'oid' },
      email: { value: 'bob@contoso.test', claim: 'email' },
      firstName: { value: 'Bob', claim: 'given_name' },
      lastName: { value: null, claim: null },
    });
    expect(e.outcome).toMatchObject({ wouldIssue: true });
    expect(e.platformToken).toMatchObject({
      sub: '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
      groups: ['Analysts', 'platform-readers', 'Everyone'],
      roles: ['Analysts'],
      admin: false,
      iat: 1_700_000_000,
      exp: 1_700_000_900, // BRIDGE_TOKEN_LIFETIME_SECONDS default (900)
    });
    expect(e.admin.detail).toMatch(/no "isPlatformAdmin" claim/);
  });

  it('says an OID is unresolved while the directory was never synchronised', async () => {
    const e = await explainToken(deps({ synced: false }), { claims: claims({ groups: [OID.restricted] }) });
    expect(e.groups[0]).toMatchObject({
      reason: 'not_linked',
      detail: expect.stringMatching(/not been synchronised/),
    });
    expect(e.directory.synced).toBe(false);
  });

  it('explains admin decisions by claim and by admin group, and refusals', async () => {
    const byClaim = await explainToken(deps(), { claims: claims({ isPlatformAdmin: 'is_admin' }) });
    expect(byClaim.admin).toMatchObject({ isAdmin: true, reason: 'claim' });
    expect(byClaim.outcome.wouldIssue).toBe(true);
    // A group named like OAUTH_ADMIN_ROLE_NAME makes nobody an administrator.
    const lookAlike = await explainToken(deps(), { claims: claims({ groups: [OID.admins] }) });
    expect(lookAlike.admin).toMatchObject({ isAdmin: false, detail: expect.stringMatching(/look-alike/) });
    const byGroup = await explainToken(deps({ env: { OAUTH_ADMIN_ROLE_NAME: OID.admins } }), {
      claims: claims({ groups: [OID.admins] }),
    });
    expect(byGroup.admin).toMatchObject({
      isAdmin: true,
      reason: 'admin_group',
      detail: expect.stringContaining(OID.admins),
    });
    const nearMiss = await explainToken(deps(), {
      claims: claims({ groups: ['platformadminsgroup'], isPlatformAdmin: 'yes' }),
    });
    expect(nearMiss.admin.isAdmin).toBe(false);
    expect(nearMiss.admin.detail).toMatch(/"yes", not "is_admin".*near miss/);

    const noGroup = await explainToken(deps(), { claims: claims({ groups: ['Nope'] }) });
    expect(noGroup.outcome).toMatchObject({ wouldIssue: true }); // the default group "Everyone" is given
    const disabled = await explainToken(deps({ stored: { disabled: true } }), { claims: claims() });
    expect(disabled.outcome).toMatchObject({ wouldIssue: false, reason: 'user_disabled' });
    expect(disabled.platformToken).toBeNull();
  });

  it('counts manual assignments and reports group overage', async () => {
    const e = await explainToken(deps({ stored: { manualGroups: ['Twins'] } }), {
      claims: claims({
        _claim_names: { groups: 'src1' },
        _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x' } },
      }),
    });
    expect(e.overage).toMatchObject({ detected: true, resolvedValues: 0 });
    expect(e.platformToken?.groups).toEqual(['Everyone', 'Twins']);
    expect(e.storedUser).toMatchObject({ exists: true, manualGroups: ['Twins'] });
  });

  it('gives nothing for a manual assignment of a deleted group, as the exchange does', async () => {
    const e = await explainToken(
      deps({ stored: { manualGroups: ['Deleted'] }, env: { EXTERNAL_AUTH_DEFAULT_GROUPS: '' } }),
      {
        claims: claims({ groups: ['Nope'] }),
      },
    );
    expect(e.outcome).toMatchObject({ wouldIssue: false, reason: 'no_group' });
  });

  it('refuses, as the exchange does, an Entra token with less than a minute to live', async () => {
    const e = await explainToken(deps(), { claims: claims({ groups: ['Analysts'], exp: 1_700_000_030 }) });
    expect(e.outcome).toMatchObject({ wouldIssue: false, reason: 'token_expired' });
    expect(e.platformToken).toBeNull();
  });

  it('records a caller policy failure as information in claims mode', async () => {
    const e = await explainToken(deps(), { claims: claims({ azp: '99999999-9999-4999-8999-999999999999' }) });
    expect(e.validation.steps).toEqual([
      expect.objectContaining({ step: 'caller', ok: false, reason: 'client_not_allowed' }),
    ]);
  });
});

describe('explainToken with a token', () => {
  it('reports the failed validation step and still maps the unverified claims', async () => {
    const verifier = {
      explain: async () => ({
        steps: [
          { step: 'format', ok: true },
          {
            step: 'signature_and_lifetime',
            ok: false,
            reason: 'token_expired',
            message: 'The token has expired.',
          },
        ],
        error: new TokenRejectedError('token_expired', 'The token has expired.'),
      }),
    } as unknown as EntraTokenVerifier;
    const payload = Buffer.from(JSON.stringify(claims({ groups: ['Analysts'] }))).toString('base64url');
    const token = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${payload}.c2ln`;
    const e = await explainToken(deps({ verifier }), { token });
    expect(e.validation).toMatchObject({ performed: true, ok: false, reason: 'token_expired' });
    expect(e.outcome).toMatchObject({ wouldIssue: false, reason: 'token_expired' });
    expect(e.groups[0]).toMatchObject({ value: 'Analysts', outcome: 'matched' });
  });
});
