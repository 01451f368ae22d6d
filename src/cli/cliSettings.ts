import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
