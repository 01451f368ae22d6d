import { decodeJwt } from 'jose';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { Environment } from '../config/loadConfig';
import { createGraphApi } from '../graph/graphApi';
import { createGraphCredential } from '../graph/graphCredential';
import { GraphFailure } from '../graph/graphFailure';
import { readGraphSettings } from '../graph/graphSettings';
import { USER_DELTA_PERMISSIONS } from '../directory/fetchUserDelta';

/** Application permissions that let the bridge list groups (directory sync). */
const READ_GROUPS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
/** Needed besides a group permission to resolve group overage (`users/{id}/getMemberObjects`). */
const READ_USERS = [
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** What `config check` learns about Graph. */
export interface GraphProbe {
  readonly ok: boolean;
  /** `no_endpoint`, `credential`, `forbidden`, `unavailable`… when not ok. */
  readonly reason?: string;
  readonly message: string;
  /** Application permissions (`roles`) of the bridge's Graph token, when one was obtained. */
  readonly permissions?: readonly string[];
  /** Permission problems that do not stop the sync (group overage resolution). */
  readonly warnings: readonly string[];
}

/**
 * Minimal Graph check for `entra-bridge config check`: gets the bridge's own Graph token the
 * way the functions do (same credential, same authority), reads its application permissions,
 * and lists one group. No retries: a probe reports, it does not wait.
 */
export async function probeGraph(config: BridgeConfig, env: Environment): Promise<GraphProbe> {
  const settings = readGraphSettings(config, env);
  if (!settings.baseUrl) {
    return {
      ok: false,
      reason: 'no_endpoint',
      message: 'GRAPH_BASE_URL is not set and cannot be derived from OAUTH_AUTHORITY_HOST.',
      warnings: [],
    };
  }
  let permissions: string[] = [];
  try {
    const credential = await createGraphCredential(settings);
    const token = await credential.getToken(`${settings.baseUrl}/.default`);
    if (!token) throw new Error('no token');
    const roles = decodeJwt(token.token).roles;
    permissions = Array.isArray(roles) ? roles.map(String) : [];
    await createGraphApi({
      settings,
      credential: async () => credential,
      maxRetries: 0,
      budgetMs: 10_000,
    }).get('/groups?$top=1&$select=id,displayName');
  } catch (err) {
    const failure = err instanceof GraphFailure ? err : undefined;
    const reason = failure?.reason ?? 'credential';
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const message =
      reason === 'forbidden'
        ? `Graph refused to list groups: grant the application permission GroupMember.Read.All (has: ${permissions.join(', ') || 'none'}).`
        : reason === 'credential'
          ? `No Graph token for AZURE_CLIENT_ID ${settings.clientId ?? '(managed identity)'}: ${detail}`
          : `Graph at ${settings.baseUrl}: ${detail}`;
    return { ok: false, reason, message, permissions, warnings: [] };
  }
  const warnings: string[] = [];
  if (!permissions.some((p) => READ_GROUPS.includes(p)))
    warnings.push('no group-read permission in the token (GroupMember.Read.All)');
  if (!permissions.some((p) => USER_DELTA_PERMISSIONS.includes(p))) {
    warnings.push(
      'no User.Read.All: the directory sync does not follow leavers (users disabled or deleted in Entra stay enabled here)',
    );
  }
  if (!permissions.some((p) => READ_USERS.includes(p))) {
    warnings.push(
      'no user-read permission (User.Read.All): group overage (more than 200 groups) cannot be resolved',
    );
  }
  return {
    ok: true,
    message: `Graph reachable at ${settings.baseUrl}; permissions: ${permissions.join(', ') || 'none'}`,
    permissions,
    warnings,
  };
}
