import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeConfig } from '../lib/config/bridgeConfig';
import { loadConfig } from '../lib/config/loadConfig';
import { ConfigError } from '../lib/errors';
import { CliFailure } from './cliOutput';

/** The settings the CLI runs with, and where they came from. */
export interface CliSettings {
  readonly values: Readonly<Record<string, string | undefined>>;
  /** The `local.settings.json` read, if any. */
  readonly file: string | undefined;
}

/**
 * Settings read the way the functions get them locally: the environment first, then
 * `local.settings.json` `Values` for names the environment lacks (settings given in the
 * environment win, as with `func start`). `src` must not import `dev/`, hence this small
 * reader instead of the local host's.
 */
export function readCliSettings(env: NodeJS.ProcessEnv, dir: string = process.cwd()): CliSettings {
  const values: Record<string, string | undefined> = { ...env };
  const path = join(dir, 'local.settings.json');
  if (!existsSync(path)) return { values, file: undefined };
  let parsed: { IsEncrypted?: unknown; Values?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed.IsEncrypted === true) {
    throw new Error(`${path} is encrypted (IsEncrypted: true); decrypt it with 'func settings decrypt'.`);
  }
  for (const [name, value] of Object.entries(parsed.Values ?? {})) {
    if (values[name] === undefined && ['string', 'number', 'boolean'].includes(typeof value)) {
      values[name] = String(value);
    }
  }
  return { values, file: path };
}

/**
 * The settings and the bridge's config they make, for commands that need both; invalid
 * settings end the command with the problems and a pointer to `config check`.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv): {
  settings: CliSettings['values'];
  config: BridgeConfig;
} {
  const settings = readCliSettings(env).values;
  try {
    return { settings, config: loadConfig(settings) };
  } catch (err) {
    if (err instanceof ConfigError)
      throw new CliFailure(`${err.message}\nRun \`entra-bridge config check\` for details.`);
    throw err;
  }
}
