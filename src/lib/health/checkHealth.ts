import type { Bridge } from '../bridge';
import { BridgeError } from '../errors';

export interface HealthReport {
  readonly status: 'ok' | 'unhealthy';
  readonly oauthEnabled: boolean;
  readonly checks: {
    readonly config: { ok: boolean; problems?: readonly string[] };
    readonly storage: { ok: boolean; reason?: string };
    readonly signingKeys: { ok: boolean; configured: boolean; published: number };
  };
}

/** Config valid, storage reachable, signing keys usable. Reports no values, only facts. */
export async function checkHealth(bridge: Bridge): Promise<HealthReport> {
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
    },
  };
}

/** Setting names and expected forms from a config error, without the offending values. */
export function describeConfigProblems(problems: readonly string[]): string[] {
  return problems.map((p) => p.replace(/, got .*$/, ''));
}
