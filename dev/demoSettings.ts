import { DEMO_TENANT, demoClient } from './demoTenant';

export interface DemoSettingsInput {
  authorityUrl: string;
  graphUrl: string;
  tablesConnection: string;
  port: number;
  /** The authority's plain-http loopback listener, where the console's browser signs in. */
  browserAuthorityUrl?: string;
}

/**
 * App settings that point the bridge at the local demo tenant: the authority, Graph
 * (through the demo Graph reader app's client secret, the way `DefaultAzureCredential`'s
 * environment credential reads it) and Azurite. Used by `npm start` and the tests, so both
 * run the same configuration.
 */
export function demoSettings(input: DemoSettingsInput): Record<string, string> {
  const graphReader = demoClient('graph');
  return {
    OAUTH_ENABLED: 'true',
    OAUTH_TENANT_ID: DEMO_TENANT.tenantId,
    OAUTH_APPLICATION_ID: DEMO_TENANT.apiAppId,
    OAUTH_CLIENT_APPLICATION_IDS: [
      demoClient('web'),
      demoClient('daemon'),
      demoClient('cli'),
      demoClient('console'),
    ]
      .map((c) => c.appId)
      .join(','),
    BRIDGE_CONSOLE_CLIENT_ID: demoClient('console').appId,
    ...(input.browserAuthorityUrl ? { BRIDGE_CONSOLE_AUTHORITY_HOST: input.browserAuthorityUrl } : {}),
    OAUTH_AUTHORITY_HOST: input.authorityUrl,
    CLIENT_APPLICATION_ID: demoClient('cli').appId,
    GRAPH_BASE_URL: input.graphUrl,
    AZURE_TENANT_ID: DEMO_TENANT.tenantId,
    AZURE_CLIENT_ID: graphReader.appId,
    AZURE_CLIENT_SECRET: graphReader.secret ?? '',
    AZURE_AUTHORITY_HOST: input.authorityUrl,
    TABLES_CONNECTION: input.tablesConnection,
    PORT: String(input.port),
  };
}

/** Platform groups and roles the demo creates, named like the demo tenant's Entra groups. */
export const DEMO_CATALOG = {
  groups: ['Restricted', 'Analysts', 'platform-readers', 'Services'],
  /** Roles match the same claim as groups by default (OAUTH_USER_ROLES_CLAIM=groups). */
  roles: ['Analysts', 'Services'],
} as const;
