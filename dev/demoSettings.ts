import type { CatalogStore } from '../src/lib/catalog/catalogStore';
import type { LinkedName } from '../src/lib/mapping/platformCatalog';
import { DEMO_GROUPS, DEMO_TENANT, demoClient } from './demoTenant';

export interface DemoSettingsInput {
  authorityUrl: string;
  graphUrl: string;
  tablesConnection: string;
  port: number;
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
    OAUTH_CLIENT_APPLICATION_IDS: [demoClient('web'), demoClient('daemon'), demoClient('cli')]
      .map((c) => c.appId)
      .join(','),
    // Cloud-only tenants' tokens carry object IDs: the admin group is named by its object ID.
    OAUTH_ADMIN_ROLE_NAME: DEMO_GROUPS.platformAdmins.id,
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

/** A catalog to seed: entries by name alone, or with their links. */
export interface SeedCatalog {
  readonly groups: readonly (string | LinkedName)[];
  readonly roles: readonly (string | LinkedName)[];
}

const link = (name: string, ...ids: string[]): LinkedName => ({ name, entraGroupIds: ids });

/**
 * Platform groups and roles the demo creates, linked to the demo tenant's Entra groups by
 * object ID, as an operator links them. `Services` is the daemon's app role: Entra emits that
 * name in the token, so it maps by name.
 */
export const DEMO_CATALOG = {
  groups: [
    link('Restricted', DEMO_GROUPS.restricted.id),
    link('Analysts', DEMO_GROUPS.analysts.id),
    link('platform-readers', DEMO_GROUPS.readers.id),
    link('Services'),
  ],
  /** Roles match the same claim as groups by default (OAUTH_USER_ROLES_CLAIM=groups). */
  roles: [link('Analysts', DEMO_GROUPS.analysts.id), link('Services')],
} as const satisfies SeedCatalog;

/** Creates (or updates) every entry of `catalog`. */
export async function seedCatalog(
  store: CatalogStore,
  catalog: SeedCatalog,
  description = '',
): Promise<void> {
  const entry = (e: string | LinkedName) => (typeof e === 'string' ? link(e) : e);
  for (const g of catalog.groups.map(entry))
    await store.put('group', g.name, { description, entraGroupIds: g.entraGroupIds });
  for (const r of catalog.roles.map(entry))
    await store.put('role', r.name, { description, entraGroupIds: r.entraGroupIds });
}
