import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RpcLogLevel } from './coreTypes';
import { readJsonFile } from './localSettings';
import { parseLogLevel } from './logger';

/** The parts of host.json the local host honours. */
export interface HostConfig {
  /** `extensions.http.routePrefix` without slashes; `api` by default, may be empty. */
  routePrefix: string;
  /** `logging.logLevel.Function`, else `logging.logLevel.default`, else `information`. */
  logLevel: RpcLogLevel;
}

/**
 * Reads host.json (https://learn.microsoft.com/azure/azure-functions/functions-host-json).
 * A missing file gives the defaults.
 */
export function readHostConfig(appDir: string): HostConfig {
  const path = join(appDir, 'host.json');
  const json = (existsSync(path) ? readJsonFile(path) : {}) as {
    extensions?: { http?: { routePrefix?: unknown } };
    logging?: { logLevel?: Record<string, unknown> };
  };
  const prefix = json.extensions?.http?.routePrefix;
  if (prefix !== undefined && typeof prefix !== 'string') {
    throw new Error(`${path}: extensions.http.routePrefix must be a string.`);
  }
  const levels = json.logging?.logLevel ?? {};
  return {
    routePrefix: (prefix ?? 'api').replace(/^\/+|\/+$/g, ''),
    logLevel: parseLogLevel(levels.Function) ?? parseLogLevel(levels.default) ?? 'information',
  };
}
