import { randomUUID } from 'node:crypto';
import type { BridgeConfig } from '../config/bridgeConfig';
import type { Environment } from '../config/loadConfig';
import { createGraphApi, type GraphApi } from './graphApi';
import { GraphFailure } from './graphFailure';
import { readGraphSettings } from './graphSettings';

/** One permission check: `ok`, refused (`forbidden`), or not decidable (`unavailable`). */
export interface ProbeCheck {
  readonly ok: boolean;
  readonly status: 'ok' | 'forbidden' | 'unavailable';
  /** Graph's error code or the failure reason, never a token. */
  readonly detail?: string;
}

export interface GraphProbe {
  readonly graphBaseUrl: string | null;
  /** A token was obtained and Graph answered. */
  readonly reachable: boolean;
  /** `GET /groups?$top=1`: `GroupMember.Read.All` (directory sync). */
  readonly readGroups: ProbeCheck;
  /** `POST /users/{id}/getMemberObjects`: `User.Read.All` + `GroupMember.Read.All` (group overage). */
  readonly readMemberships: ProbeCheck;
}

/**
 * Checks that Microsoft Graph is reachable with the bridge's credential and has the
 * application permissions the directory sync and overage look-ups need. Two cheap reads;
 * for `entra-bridge config check`. A random user ID answering 404 proves the membership
 * permission without touching a real user.
 */
export async function probeGraph(
  config: BridgeConfig,
  env: Environment = process.env,
  options: { graph?: GraphApi } = {},
): Promise<GraphProbe> {
  const graph =
    options.graph ??
    createGraphApi({ settings: readGraphSettings(config, env), maxRetries: 1, budgetMs: 15_000 });
  const check = async (call: () => Promise<unknown>, okReasons: string[] = []): Promise<ProbeCheck> => {
    try {
      await call();
      return { ok: true, status: 'ok' };
    } catch (err) {
      if (!(err instanceof GraphFailure)) throw err;
      if (okReasons.includes(err.reason)) return { ok: true, status: 'ok' };
      const status = err.reason === 'forbidden' ? 'forbidden' : 'unavailable';
      return { ok: false, status, detail: err.graphCode ?? err.reason };
    }
  };
  const readGroups = await check(() => graph.get('/groups?$top=1&$select=id'));
  const readMemberships = await check(
    () => graph.post(`/users/${randomUUID()}/getMemberObjects`, { securityEnabledOnly: false }),
    ['not_found'],
  );
  return {
    graphBaseUrl: config.graph.baseUrl ?? null,
    reachable: readGroups.status !== 'unavailable' || readMemberships.status !== 'unavailable',
    readGroups,
    readMemberships,
  };
}
