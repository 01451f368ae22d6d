import type { BridgeConfig } from '../lib/config/bridgeConfig';
import type { Environment } from '../lib/config/loadConfig';
import { createCatalogStore } from '../lib/catalog/catalogStore';
import { createDirectoryStore } from '../lib/directory/directoryStore';
import { createDirectoryView, type DirectoryView } from '../lib/directory/directoryView';
import { describeLookAlike, findUnlinkedLookAlikes } from '../lib/mapping/findUnlinkedLookAlikes';
import { createNameMatcher } from '../lib/mapping/nameMatcher';
import { namesOf, type PlatformCatalog } from '../lib/mapping/platformCatalog';
import { ConfigError } from '../lib/errors';
import { fetchJson } from '../lib/entra/fetchJson';
import { createTenantMetadata } from '../lib/entra/tenantMetadata';
import { probeGraph } from '../lib/health/probeGraph';
import { loadSigningKeys } from '../lib/platform/signingKeys';
import { createTables } from '../lib/storage/tables';
import type { Finding } from './settingsFindings';

const message = (err: unknown) => {
  const e = err as { message?: string; cause?: { message?: string } };
  const cause = e?.cause?.message ? ` (${e.cause.message})` : '';
  return `${(e?.message ?? String(err)).split('\n')[0]}${cause}`;
};

/** The tenant's discovery documents (each accepted version) and key set, under OAUTH_AUTHORITY_HOST. */
export async function probeAuthority(config: BridgeConfig): Promise<Finding[]> {
  const metadata = createTenantMetadata({
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    fetch,
    cooldownSeconds: 0, // one probe per document: report every failure as it is
  });
  const findings: Finding[] = [];
  for (const version of config.acceptedTokenVersions) {
    try {
      const { issuer, jwksUri } = await metadata(version);
      const keys = (await fetchJson(fetch, jwksUri, 'tenant key set')).keys;
      const usable = Array.isArray(keys)
        ? keys.filter((k) => (k as { kty?: unknown }).kty === 'RSA').length
        : 0;
      if (usable === 0) throw new Error(`the key set at ${jwksUri} has no RSA key`);
      findings.push({
        check: `discovery_v${version}`,
        level: 'ok',
        message: `v${version} issuer ${issuer}; ${usable} signing key(s)`,
      });
    } catch (err) {
      findings.push({
        check: `discovery_v${version}`,
        level: 'error',
        setting: 'OAUTH_AUTHORITY_HOST',
        message: `v${version} discovery document or key set of tenant ${config.tenantId} at ${config.authorityHost} not usable: ${message(err)} (check OAUTH_AUTHORITY_HOST and OAUTH_TENANT_ID)`,
      });
    }
  }
  return findings;
}

/** Storage reachable, and the default groups and roles exist in its catalog. */
export async function probeStorage(config: BridgeConfig): Promise<Finding[]> {
  const setting = config.storage.tableServiceUri ? 'TABLES_CONNECTION__tableServiceUri' : 'TABLES_CONNECTION';
  let catalog: PlatformCatalog;
  let directory: DirectoryView;
  try {
    const tables = createTables(config.storage, () => {
      throw new Error('identity-based storage needs managed identity; check it from the function app');
    });
    const groups = await createDirectoryStore(tables.directory, config.tenantId).all();
    catalog = await createCatalogStore(tables.catalog).snapshot();
    directory = createDirectoryView(
      groups,
      createNameMatcher(config.caseSensitiveMatching),
      groups.length > 0,
    );
  } catch (err) {
    return [
      { check: 'storage', level: 'error', setting, message: `Table Storage not reachable: ${message(err)}` },
    ];
  }
  const findings: Finding[] = [
    {
      check: 'storage',
      level: 'ok',
      message: `Table Storage reachable; ${catalog.groups.length} group(s), ${catalog.roles.length} role(s)`,
    },
  ];
  const missing = (names: readonly string[], have: readonly string[], setting: string, kind: string) => {
    for (const name of names.filter((n) => !have.includes(n))) {
      findings.push({
        check: 'defaults',
        level: 'error',
        setting,
        message: `default ${kind} "${name}" does not exist on the platform (create it: entra-bridge ${kind}s create)`,
      });
    }
  };
  missing(config.defaultGroups, namesOf(catalog.groups), 'EXTERNAL_AUTH_DEFAULT_GROUPS', 'group');
  missing(config.defaultRoles, namesOf(catalog.roles), 'EXTERNAL_AUTH_DEFAULT_ROLES', 'role');
  for (const item of findUnlinkedLookAlikes(config, catalog, directory)) {
    findings.push({
      check: 'mapping',
      level: 'warning',
      ...(item.kind === 'admin' ? { setting: 'OAUTH_ADMIN_ROLE_NAME' } : {}),
      message: describeLookAlike(item),
    });
  }
  return findings;
}

/** Microsoft Graph reachable with the bridge's credential and permissions. */
export async function probeGraphFindings(config: BridgeConfig, env: Environment): Promise<Finding[]> {
  const probe = await probeGraph(config, env);
  if (!probe.ok) {
    const setting =
      probe.reason === 'no_endpoint'
        ? 'GRAPH_BASE_URL'
        : probe.reason === 'credential'
          ? 'AZURE_CLIENT_ID'
          : undefined;
    return [{ check: 'graph', level: 'error', ...(setting ? { setting } : {}), message: probe.message }];
  }
  return [
    { check: 'graph', level: 'ok', message: probe.message },
    ...probe.warnings.map((w): Finding => ({ check: 'graph_permissions', level: 'warning', message: w })),
  ];
}

/** BRIDGE_SIGNING_KEYS parses into usable private keys. */
export async function probeSigningKeys(config: BridgeConfig): Promise<Finding[]> {
  if (config.bridge.signingKeys === undefined) return [];
  try {
    const keys = await loadSigningKeys(config.bridge.signingKeys);
    return [
      {
        check: 'signing_keys',
        level: 'ok',
        message: `${keys.all.length} signing key(s), current ${keys.current.alg} kid ${keys.current.kid}`,
      },
    ];
  } catch (err) {
    const problems = err instanceof ConfigError ? err.problems : [message(err)];
    return problems.map(
      (p): Finding => ({ check: 'signing_keys', level: 'error', setting: 'BRIDGE_SIGNING_KEYS', message: p }),
    );
  }
}
