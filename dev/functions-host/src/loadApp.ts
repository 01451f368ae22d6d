import { existsSync, realpathSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type AppRegistry,
  activateRegistry,
  type CoreLogSink,
  createAppRegistry,
  type FunctionRegistration,
} from './coreApi';
import { type HostConfig, readHostConfig } from './hostConfig';
import { installFunctionsCore } from './installCore';
import { applyLocalSettings, type LocalSettings, readJsonFile } from './localSettings';
import { resolveMainFiles } from './resolveMain';

/** A function app after its entry files ran. */
export interface LoadedApp {
  appDir: string;
  hostConfig: HostConfig;
  settings: LocalSettings;
  registry: AppRegistry;
  /** In registration order. */
  registrations: FunctionRegistration[];
  files: string[];
}

/** Options of {@link loadFunctionApp}. */
export interface LoadOptions {
  /** Environment that receives local.settings.json `Values`; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Receives core `log` calls made while loading (outside invocations). */
  log?: CoreLogSink;
  /** Ignore local.settings.json (tests pass every setting through the environment). */
  skipLocalSettings?: boolean;
}

/** `Utility.IsValidFunctionName` in azure-functions-host. */
const validFunctionName = /^[a-z][a-z0-9_-]{0,127}$/i;

function forgetAppModules(appDir: string): void {
  // In-process hosts may load the same app twice; function files must run again to register again.
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  const prefix = appDir + sep;
  for (const key of Object.keys(cache)) {
    if (key.startsWith(prefix) && !key.includes(`${sep}node_modules${sep}`)) delete cache[key];
  }
}

async function loadEntryFile(file: string, appRequire: NodeJS.Require): Promise<void> {
  if (file.endsWith('.mjs')) await import(pathToFileURL(file).href);
  else appRequire(file);
}

/**
 * Loads a v4-model function app the way the Node.js worker does: applies local.settings.json
 * (environment wins), reads host.json, resolves package.json `main` and requires each entry file
 * with `@azure/functions-core` provided by this host, so `app.http` / `app.timer` calls register here.
 */
export async function loadFunctionApp(appDirInput: string, options: LoadOptions = {}): Promise<LoadedApp> {
  const appDir = realpathSync(resolve(appDirInput));
  const settings: LocalSettings = options.skipLocalSettings
    ? { applied: [], overridden: [] }
    : applyLocalSettings(appDir, options.env ?? process.env);
  const hostConfig = readHostConfig(appDir);
  const packagePath = join(appDir, 'package.json');
  if (!existsSync(packagePath)) throw new Error(`No package.json in ${appDir}.`);
  const main = (readJsonFile(packagePath) as { main?: unknown }).main;
  if (typeof main !== 'string' || main === '') throw new Error(`${packagePath} has no "main" entry point.`);
  const files = resolveMainFiles(appDir, main);

  installFunctionsCore();
  forgetAppModules(appDir);
  const registry = createAppRegistry();
  activateRegistry(registry, options.log);
  const appRequire = createRequire(packagePath);
  for (const file of files) {
    try {
      await loadEntryFile(file, appRequire);
    } catch (error) {
      throw new Error(`Worker was unable to load entry point "${file}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  registry.locked = true;

  const registrations = [...registry.functions.values()];
  for (const { name } of registrations) {
    if (!validFunctionName.test(name)) {
      throw new Error(
        `'${name}' is not a valid function name: it must start with a letter and contain only letters, digits, '_' and '-' (at most 128 characters).`,
      );
    }
  }
  return { appDir, hostConfig, settings, registry, registrations, files };
}
