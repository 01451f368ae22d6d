import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CorsSettings, parseCors } from './cors';

/** What `local.settings.json` contributed. */
export interface LocalSettings {
  /** Names copied into the environment. */
  applied: string[];
  /** Names skipped because the environment already had them. */
  overridden: string[];
  /** `Host.LocalHttpPort`, the port `func start` uses when `--port` is not given. */
  localHttpPort?: number;
  /** `Host.CORS` and `Host.CORSCredentials`, as `func start` reads them. */
  cors?: CorsSettings;
}

/** Reads and parses a JSON file, naming the file in the error. */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Copies `local.settings.json` `Values` into `env`, like Core Tools does for `func start`
 * (https://learn.microsoft.com/azure/azure-functions/functions-develop-local#local-settings-file),
 * except that a variable already set in the environment is kept: settings given in the
 * environment win. Missing file → nothing applied.
 */
export function applyLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const path = join(appDir, 'local.settings.json');
  const result: LocalSettings = { applied: [], overridden: [] };
  if (!existsSync(path)) return result;
  const settings = readJsonFile(path) as {
    IsEncrypted?: unknown;
    Values?: Record<string, unknown>;
    Host?: { LocalHttpPort?: unknown; CORS?: unknown; CORSCredentials?: unknown };
  };
  if (settings.IsEncrypted === true) {
    throw new Error(`${path} is encrypted (IsEncrypted: true); decrypt it with 'func settings decrypt'.`);
  }
  for (const [name, value] of Object.entries(settings.Values ?? {})) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`${path}: Values.${name} must be a string.`);
    }
    if (env[name] !== undefined) {
      result.overridden.push(name);
      continue;
    }
    env[name] = String(value);
    result.applied.push(name);
  }
  const port = Number(settings.Host?.LocalHttpPort);
  if (Number.isInteger(port) && port > 0) result.localHttpPort = port;
  const cors = parseCors(settings.Host?.CORS, settings.Host?.CORSCredentials, path);
  if (cors) result.cors = cors;
  return result;
}
