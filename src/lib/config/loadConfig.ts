import type { BridgeConfig, TokenVersion } from './bridgeConfig';
import { defaultGraphBaseUrl } from './clouds';
import {
  applicationIdUriParser,
  type Parsed,
  parseBaseUrl,
  parseBoolean,
  parseGuid,
  parseGuidList,
  parseInteger,
  parseList,
  parseMembershipClaims,
  parseSchedule,
  parseTablePrefix,
  parseVersions,
} from './settingParsers';
import { ConfigError } from '../errors';
import { DEFAULT_STORAGE_TIMEOUT_SECONDS } from '../storage/tables';

export type Environment = Readonly<Record<string, string | undefined>>;

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Reads every documented setting from `env` once, checks it, applies the documented
 * defaults and returns a frozen object. All problems are collected and thrown together
 * as one {@link ConfigError}, each naming the setting and the expected form, so an
 * operator fixes them in one round.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Environment): BridgeConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  function setting<T>(name: string, parse: (raw: string) => Parsed<T>, fallback: T): T {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    problems.push(`${name}: expected ${parsed.expected}, got ${describe(name, raw)}`);
    return fallback;
  }
  const claimName = (raw: string): Parsed<string> =>
    CLAIM_NAME.test(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, expected: 'a claim name' };
  const claimList = (raw: string): Parsed<string[]> => {
    const list = parseList(raw);
    if (!list.ok) return list;
    if (list.value.length === 0 || !list.value.every((n) => CLAIM_NAME.test(n))) {
      return { ok: false, expected: 'one claim name or a list of claim names' };
    }
    return list;
  };

  const oauthEnabled = setting('OAUTH_ENABLED', parseBoolean, false);
  const tenantId = setting('OAUTH_TENANT_ID', parseGuid, '');
  const applicationId = setting('OAUTH_APPLICATION_ID', parseGuid, '');
  const applicationIdUri = setting('OAUTH_APPLICATION_ID_URI', applicationIdUriParser, undefined);
  if (oauthEnabled) {
    if (!read('OAUTH_TENANT_ID')) problems.push('OAUTH_TENANT_ID: required when OAUTH_ENABLED=true (a GUID)');
    if (!read('OAUTH_APPLICATION_ID')) {
      problems.push(
        'OAUTH_APPLICATION_ID: required when OAUTH_ENABLED=true (the API app registration client ID)',
      );
    }
  }
  const authorityHost = setting('OAUTH_AUTHORITY_HOST', parseBaseUrl, 'https://login.microsoftonline.com');
  const versions = setting('OAUTH_ACCEPTED_TOKEN_VERSIONS', parseVersions, ['1.0', '2.0'] as TokenVersion[]);
  const port = setting('PORT', (raw) => parseInteger(raw, 1, 65535), 7071);
  const graphBaseUrl = setting('GRAPH_BASE_URL', parseBaseUrl, defaultGraphBaseUrl(authorityHost));
  const connectionString = read('TABLES_CONNECTION') ?? read('AzureWebJobsStorage');
  const tableServiceUri = setting('TABLES_CONNECTION__tableServiceUri', parseBaseUrl, undefined);
  const issuerDefault = env.WEBSITE_HOSTNAME
    ? `https://${env.WEBSITE_HOSTNAME}/api`
    : `http://127.0.0.1:${port}/api`;

  const config: BridgeConfig = {
    oauthEnabled,
    tenantId,
    applicationId,
    applicationIdUri,
    acceptedAudiences: [
      applicationId,
      `api://${applicationId}`,
      ...(applicationIdUri ? [applicationIdUri] : []),
    ],
    clientApplicationIds: new Set(setting('OAUTH_CLIENT_APPLICATION_IDS', parseGuidList, [])),
    claims: {
      userId: setting('OAUTH_USER_ID_CLAIM', claimName, 'oid'),
      email: setting('OAUTH_USER_EMAIL_CLAIM', claimList, ['email']),
      firstName: setting('OAUTH_USER_FIRSTNAME_CLAIM', claimName, 'given_name'),
      lastName: setting('OAUTH_USER_LASTNAME_CLAIM', claimName, 'family_name'),
      groups: setting('OAUTH_USER_GROUPS_CLAIM', claimName, 'groups'),
      roles: setting('OAUTH_USER_ROLES_CLAIM', claimName, 'groups'),
      isAdmin: setting('OAUTH_USER_IS_ADMIN_CLAIM', claimName, 'isPlatformAdmin'),
    },
    adminRoleName: read('OAUTH_ADMIN_ROLE_NAME')?.trim() ?? 'PlatformAdminsGroup',
    defaultGroups: setting('EXTERNAL_AUTH_DEFAULT_GROUPS', parseList, []),
    defaultRoles: setting('EXTERNAL_AUTH_DEFAULT_ROLES', parseList, []),
    caseSensitiveMatching: setting('EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING', parseBoolean, true),
    logErrors: setting('OAUTH_LOG_ERRORS', parseBoolean, false),
    authorityHost,
    acceptedTokenVersions: versions,
    requiredScopes: setting('OAUTH_REQUIRED_SCOPES', parseList, []),
    requiredAppRoles: setting('OAUTH_REQUIRED_APP_ROLES', parseList, []),
    allowAppOnlyTokens: setting('OAUTH_ALLOW_APP_ONLY_TOKENS', parseBoolean, true),
    clockSkewSeconds: setting('OAUTH_CLOCK_SKEW_SECONDS', (raw) => parseInteger(raw, 0, 3600), 300),
    keysRefreshCooldownSeconds: setting(
      'OAUTH_KEYS_REFRESH_COOLDOWN_SECONDS',
      (r) => parseInteger(r, 0, 86400),
      60,
    ),
    userCacheSeconds: setting('BRIDGE_USER_CACHE_SECONDS', (raw) => parseInteger(raw, 0, 300), 10),
    testClientApplicationId: setting('CLIENT_APPLICATION_ID', parseGuid, undefined),
    console: {
      clientId: setting('BRIDGE_CONSOLE_CLIENT_ID', parseGuid, undefined),
      authorityHost: setting('BRIDGE_CONSOLE_AUTHORITY_HOST', parseBaseUrl, authorityHost),
    },
    jitProvisioning: setting('OAUTH_JIT_PROVISIONING', parseBoolean, true),
    auditRetentionDays: setting('BRIDGE_AUDIT_RETENTION_DAYS', (raw) => parseInteger(raw, 1, 36500), 365),
    appInsightsConnectionString: read('APPLICATIONINSIGHTS_CONNECTION_STRING')?.trim(),
    bridge: {
      issuer: setting('BRIDGE_ISSUER', parseBaseUrl, issuerDefault),
      audience: read('BRIDGE_AUDIENCE')?.trim() ?? 'platform',
      tokenLifetimeSeconds: setting(
        'BRIDGE_TOKEN_LIFETIME_SECONDS',
        (raw) => parseInteger(raw, 60, 86400),
        900,
      ),
      introspectionAppRole: read('BRIDGE_INTROSPECTION_APP_ROLE')?.trim() ?? 'Tokens.Introspect',
      signingKeys: read('BRIDGE_SIGNING_KEYS'),
    },
    graph: {
      baseUrl: graphBaseUrl,
      syncSchedule: setting('GRAPH_SYNC_SCHEDULE', parseSchedule, '0 */15 * * * *'),
      overageCacheSeconds: setting('GRAPH_OVERAGE_CACHE_SECONDS', (raw) => parseInteger(raw, 0, 86400), 300),
      groupMembershipClaims: setting('OAUTH_GROUP_MEMBERSHIP_CLAIMS', parseMembershipClaims, 'SecurityGroup'),
    },
    storage: {
      connectionString: connectionString ?? (tableServiceUri ? undefined : 'UseDevelopmentStorage=true'),
      tableServiceUri,
      tablePrefix: setting('BRIDGE_TABLE_PREFIX', parseTablePrefix, 'bridge'),
      requestTimeoutSeconds: setting(
        'BRIDGE_STORAGE_TIMEOUT_SECONDS',
        (raw) => parseInteger(raw, 1, 60),
        DEFAULT_STORAGE_TIMEOUT_SECONDS,
      ),
    },
  };
  if (config.bridge.signingKeys === undefined && env.WEBSITE_INSTANCE_ID) {
    problems.push(
      'BRIDGE_SIGNING_KEYS: required in Azure (a private JWK set, ideally a Key Vault reference)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** Never echo a secret back in an error message. */
function describe(name: string, raw: string): string {
  if (/SECRET|KEY|CONNECTION|PASSWORD/i.test(name)) return '(value hidden)';
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Set)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
