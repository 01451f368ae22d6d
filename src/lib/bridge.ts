import type { BridgeConfig } from './config/bridgeConfig';
import { loadConfig, type Environment } from './config/loadConfig';
import { createCatalogStore, type CatalogStore } from './catalog/catalogStore';
import { DirectoryService } from './directory/directoryService';
import type { FetchLike } from './entra/fetchJson';
import { createEntraTokenVerifier, type EntraTokenVerifier } from './entra/verifyEntraToken';
import { createGraphApi } from './graph/graphApi';
import { readGraphSettings } from './graph/graphSettings';
import { loadSigningKeys } from './platform/signingKeys';
import { createPlatformTokens, type PlatformTokens } from './platform/platformTokens';
import { createTables, type BridgeTables } from './storage/tables';
import { type CachedUserStore, withUserCache } from './users/cachedUserStore';
import { createUserStore } from './users/userStore';
import { warmUpBridge } from './warmUp/warmUpBridge';

/** Everything an invocation needs, built once per instance and reused while warm. */
export interface Bridge {
  readonly config: BridgeConfig;
  /** The clock, milliseconds since the epoch. */
  readonly now: () => number;
  readonly verifier: EntraTokenVerifier;
  /**
   * Verifies the Entra app-only tokens of services calling `/api/introspect`: the same
   * checks, with `BRIDGE_INTROSPECTION_APP_ROLE` as the one required app role (whatever
   * `OAUTH_REQUIRED_APP_ROLES` and `OAUTH_ALLOW_APP_ONLY_TOKENS` say about exchanges).
   */
  readonly introspectionVerifier: EntraTokenVerifier;
  readonly tokens: PlatformTokens;
  readonly tables: BridgeTables;
  /** The user table behind this instance's read cache (`BRIDGE_USER_CACHE_SECONDS`). */
  readonly users: CachedUserStore;
  readonly catalog: CatalogStore;
  /** True when BRIDGE_SIGNING_KEYS was not set and a throw-away key signs tokens. */
  readonly signingKeyGenerated: boolean;
  /** The synchronised Entra directory: its view, sync runs, status, overage look-ups. */
  readonly directory: DirectoryService;
}

export interface BridgeOptions {
  fetch?: FetchLike;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

/**
 * The composition root: settings → verifier, platform tokens, stores, directory. It only
 * wires: every rule lives in the module it belongs to, and each use case takes the narrow
 * part of a bridge it needs. Tests build a bridge with their own environment, fetch and clock.
 */
export async function createBridge(env: Environment, options: BridgeOptions = {}): Promise<Bridge> {
  const config = loadConfig(env);
  const now = options.now ?? Date.now;
  const keys = await loadSigningKeys(config.bridge.signingKeys);
  const tables = createTables(config.storage);
  const users = withUserCache(createUserStore(tables.users), config.userCacheSeconds * 1000, now);
  const catalog = createCatalogStore(tables.catalog, now);
  const directory = new DirectoryService({
    config,
    tables,
    users,
    graph: createGraphApi({ settings: readGraphSettings(config, env) }),
    catalog: () => catalog.snapshot(),
    now,
  });

  // With the real clock the verifier leaves time to jose, which reads the same clock.
  const injectedNow = options.now;
  const verifierOptions = {
    fetch: options.fetch,
    now: injectedNow ? () => Math.floor(injectedNow() / 1000) : undefined,
  };
  const verifier = createEntraTokenVerifier(config, verifierOptions);
  const introspectionVerifier = createEntraTokenVerifier(
    { ...config, allowAppOnlyTokens: true, requiredAppRoles: [config.bridge.introspectionAppRole] },
    verifierOptions,
  );

  return {
    config,
    now,
    verifier,
    introspectionVerifier,
    tokens: createPlatformTokens(config, keys, () => Math.floor(now() / 1000)),
    tables,
    users,
    catalog,
    signingKeyGenerated: keys.generated,
    directory,
  };
}

let instance: Promise<Bridge> | undefined;

/** The bridge of this instance, from `process.env` (app settings). */
export function getBridge(): Promise<Bridge> {
  instance ??= createBridge(process.env);
  return instance;
}

/**
 * Builds this instance's bridge and starts its warm-up in the background, for the host's
 * start (`src/functions/warmUp.ts`). Deferred to the event loop's next turn so that the
 * host's own start (listening, indexing) is not held up by it. Nothing is awaited and
 * nothing escapes: a settings error stays in the `getBridge()` promise for the first
 * request to answer and log, as before.
 */
export function startWarmUp(): void {
  setImmediate(() => {
    void getBridge().then(
      (bridge) => warmUpBridge(bridge),
      () => undefined,
    );
  });
}
