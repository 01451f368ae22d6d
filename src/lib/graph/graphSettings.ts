import type { BridgeConfig } from '../config/bridgeConfig';
import type { Environment } from '../config/loadConfig';

/** What the bridge needs to call Microsoft Graph with its own identity. */
export interface GraphSettings {
  /** `GRAPH_BASE_URL` without trailing slash; undefined when it cannot be derived. */
  readonly baseUrl: string | undefined;
  /** `OAUTH_AUTHORITY_HOST`: the bridge's credential signs in against the same cloud. */
  readonly authorityHost: string;
  /** `AZURE_TENANT_ID`, else `OAUTH_TENANT_ID`. */
  readonly tenantId: string;
  /** `AZURE_CLIENT_ID`: an app registration (with a secret) or a user-assigned managed identity. */
  readonly clientId: string | undefined;
  /** `AZURE_CLIENT_SECRET`: when set, a client secret credential is used instead of managed identity. */
  readonly clientSecret: string | undefined;
}

/**
 * Reads the Graph credential settings the way `@azure/identity`'s environment credential
 * names them, next to the already validated config.
 */
export function readGraphSettings(config: BridgeConfig, env: Environment): GraphSettings {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return {
    baseUrl: config.graph.baseUrl,
    authorityHost: config.authorityHost,
    tenantId: text('AZURE_TENANT_ID') ?? config.tenantId,
    clientId: text('AZURE_CLIENT_ID'),
    clientSecret: text('AZURE_CLIENT_SECRET'),
  };
}
