/**
 * The demo Entra tenant shared by the local authority, the local Graph directory,
 * `npm start` and the tests. Values are made up but shaped like real Entra objects
 * as Entra shapes them: GUID object IDs, cloud-only groups without
 * `onPremisesSamAccountName`, one group synchronised from on-premises AD.
 */

export interface DemoGroup {
  id: string;
  displayName: string;
  onPremisesSamAccountName: string | null;
  securityEnabled: boolean;
}

export interface DemoUser {
  /** Object ID (`oid`). */
  id: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string;
  surname: string;
  /** Password accepted by the local authority's ROPC grant (demo only). */
  password: string;
  /** Direct group memberships (object IDs). */
  memberOf: string[];
}

export interface DemoClientApp {
  appId: string;
  displayName: string;
  /** Confidential clients have a secret; public clients (device code) have none. */
  secret: string | null;
  /** Service principal object ID: the `oid`/`sub` of its app-only tokens. */
  servicePrincipalId: string;
  /** App roles of the platform API granted to this client (client credentials). */
  apiAppRoles: string[];
  /** Microsoft Graph application permissions granted to this client. */
  graphAppRoles: string[];
  /** Platform of the redirect URIs: `spa` clients redeem codes from the browser (CORS, PKCE). */
  platform?: 'spa';
  /** Registered redirect URIs (authorization code flow); loopback ones match any port. */
  redirectUris?: string[];
}

export interface DemoTenant {
  tenantId: string;
  domain: string;
  /** The platform's API app registration: tokens for it carry this `aud`. */
  apiAppId: string;
  apiAppIdUri: string;
  /** Scope exposed by the API (`scp`). */
  apiScope: string;
  /** `accessTokenAcceptedVersion` of the API app registration. */
  accessTokenVersion: 1 | 2;
  clients: DemoClientApp[];
  users: DemoUser[];
  groups: DemoGroup[];
}

const g = (id: string, displayName: string, sam: string | null = null): DemoGroup => ({
  id,
  displayName,
  onPremisesSamAccountName: sam,
  securityEnabled: true,
});

export const DEMO_GROUPS = {
  platformAdmins: g('0b2f5a7e-1c4d-4e8a-9f3b-6d1e2c3a4b5c', 'PlatformAdminsGroup'),
  restricted: g('6cab8f93-8e22-4947-80c3-c6ed549cb47a', 'Restricted'),
  analysts: g('3f1d9c2b-7a4e-4b6f-8e5d-2c9a1b0f7e6d', 'Analysts'),
  readers: g('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'Platform Readers', 'platform-readers'),
  marketing: g('4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', 'Marketing'),
} as const;

export const DEMO_TENANT: DemoTenant = {
  tenantId: 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b',
  domain: 'contoso.test',
  apiAppId: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  apiAppIdUri: 'api://6e74172b-be56-4843-9ff4-e66a39bb12e3',
  apiScope: 'access_as_user',
  accessTokenVersion: 2,
  clients: [
    {
      appId: '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b',
      displayName: 'Demo web app (delegated)',
      secret: 'demo-web-secret',
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000001',
      apiAppRoles: [],
      graphAppRoles: [],
    },
    {
      appId: '2a7e3b5d-4c6f-4e8a-9b0c-1d2e3f4a5b6c',
      displayName: 'Demo daemon (client credentials)',
      secret: 'demo-daemon-secret',
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000002',
      // A back-end service: it exchanges (Services) and may ask /api/introspect.
      apiAppRoles: ['Services', 'Tokens.Introspect'],
      graphAppRoles: [],
    },
    {
      appId: '3b8f4c6e-5d7a-4f9b-8c1d-2e3f4a5b6c7d',
      displayName: 'entra-bridge test-access (public client)',
      secret: null,
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000003',
      apiAppRoles: [],
      graphAppRoles: [],
    },
    {
      appId: '4c9a5d7f-6e8b-4a0c-9d2e-3f4a5b6c7d8e',
      displayName: 'entra-bridge directory sync (Graph reader)',
      secret: 'demo-graph-secret',
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000004',
      apiAppRoles: [],
      graphAppRoles: ['GroupMember.Read.All', 'User.Read.All', 'Application.Read.All'],
    },
    {
      appId: '5d0b6e8a-7f9c-4b1d-8e3f-4a5b6c7d8e9f',
      displayName: 'Not allowed client',
      secret: 'demo-other-secret',
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000005',
      apiAppRoles: ['Services'],
      graphAppRoles: [],
    },
    {
      appId: '7e2f9a1b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
      displayName: 'entra-bridge admin console (single-page application)',
      secret: null,
      servicePrincipalId: 'a1b2c3d4-0000-4000-8000-000000000006',
      apiAppRoles: [],
      graphAppRoles: [],
      platform: 'spa',
      // `{BRIDGE_ISSUER}/console/`; the local host's port is free to change (loopback rule).
      redirectUris: ['http://127.0.0.1/api/console/', 'http://localhost/api/console/'],
    },
  ],
  users: [
    {
      id: '690222be-ff1a-4d56-abd1-7e4f7d38e474',
      userPrincipalName: 'alice@contoso.test',
      mail: 'alice@contoso.test',
      givenName: 'Alice',
      surname: 'Admin',
      password: 'demo',
      memberOf: [DEMO_GROUPS.platformAdmins.id],
    },
    {
      id: '8d3e1f2a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
      userPrincipalName: 'bob@contoso.test',
      mail: 'bob@contoso.test',
      givenName: 'Bob',
      surname: 'Analyst',
      password: 'demo',
      memberOf: [DEMO_GROUPS.restricted.id, DEMO_GROUPS.analysts.id, DEMO_GROUPS.readers.id],
    },
    {
      id: 'c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f',
      userPrincipalName: 'carol@contoso.test',
      mail: null,
      givenName: 'Carol',
      surname: 'Nogroups',
      password: 'demo',
      memberOf: [DEMO_GROUPS.marketing.id],
    },
  ],
  groups: Object.values(DEMO_GROUPS),
};

export const demoClient = (name: 'web' | 'daemon' | 'cli' | 'graph' | 'other' | 'console'): DemoClientApp => {
  const index = { web: 0, daemon: 1, cli: 2, graph: 3, other: 4, console: 5 }[name];
  const client = DEMO_TENANT.clients[index];
  if (!client) throw new Error(`no demo client ${name}`);
  return client;
};

export const demoUser = (upnPrefix: 'alice' | 'bob' | 'carol'): DemoUser => {
  const user = DEMO_TENANT.users.find((u) => u.userPrincipalName.startsWith(`${upnPrefix}@`));
  if (!user) throw new Error(`no demo user ${upnPrefix}`);
  return user;
};
