import type { Bridge } from '../bridge';
import { BridgeError } from '../errors';
import { findUnlinkedLookAlikes, LINK_SAME_NAMES_COMMAND } from '../mapping/findUnlinkedLookAlikes';

export interface HealthReport {
  readonly status: 'ok' | 'unhealthy';
  readonly oauthEnabled: boolean;
  readonly checks: {
    readonly config: { ok: boolean; problems?: readonly string[] };
    readonly storage: { ok: boolean; reason?: string };
    readonly signingKeys: { ok: boolean; configured: boolean; published: number };
    /**
     * Platform entries named like an Entra group they are not linked to (names never grant),
     * and an `OAUTH_ADMIN_ROLE_NAME` that is a group's name: a warning, not a failure.
     */
    readonly mapping?: { ok: boolean; unlinkedLookAlikes: readonly string[]; fix?: string };
  };
}

/** What the health check reads of a bridge. */
export type HealthDeps = Pick<
  Bridge,
  'config' | 'tables' | 'catalog' | 'directory' | 'signingKeyGenerated' | 'tokens'
>;

/** Config valid, storage reachable, signing keys usable. Reports no values, only facts. */
export async function checkHealth(bridge: HealthDeps): Promise<HealthReport> {
  let storage: HealthReport['checks']['storage'] = { ok: true };
  try {
    const client = await bridge.tables.state.ready();
    await client
      .listEntities({ queryOptions: { filter: "PartitionKey eq 'health'" } })
      .byPage({ maxPageSize: 1 })
      .next();
  } catch (err) {
    storage = { ok: false, reason: err instanceof BridgeError ? err.code : 'storage_error' };
  }
  let mapping: HealthReport['checks']['mapping'];
  if (storage.ok) {
    try {
      const [catalog, directory] = await Promise.all([bridge.catalog.snapshot(), bridge.directory.view()]);
      const found = findUnlinkedLookAlikes(bridge.config, catalog, directory);
      mapping = {
        ok: found.length === 0,
        unlinkedLookAlikes: found.map((f) =>
          f.kind === 'admin' ? 'OAUTH_ADMIN_ROLE_NAME' : `${f.kind}:${f.name}`,
        ),
        ...(found.length > 0 ? { fix: LINK_SAME_NAMES_COMMAND } : {}),
      };
    } catch {
      mapping = undefined; // storage answered the probe but not this read: the storage check tells
    }
  }
  return {
    status: storage.ok ? 'ok' : 'unhealthy',
    oauthEnabled: bridge.config.oauthEnabled,
    checks: {
      config: { ok: true },
      storage,
      signingKeys: {
        ok: true,
        configured: !bridge.signingKeyGenerated,
        published: bridge.tokens.jwks.keys.length,
      },
      ...(mapping ? { mapping } : {}),
    },
  };
}

/** Setting names and expected forms from a config error, without the offending values. */
export function describeConfigProblems(problems: readonly string[]): string[] {
  return problems.map((p) => p.replace(/, got .*$/, ''));
}
