import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The package's root (package.json, tsconfig.json), whatever the working directory. */
export const PACKAGE_ROOT = join(__dirname, '..');

/**
 * The node_modules folder that holds `@azure/functions` (the repository's, where npm hoists a
 * workspace's dependencies), linked into each copy so the fixture's `require` finds it.
 */
const NODE_MODULES = join(
  dirname(createRequire(__filename).resolve('@azure/functions/package.json')),
  '..',
  '..',
);

/** local.settings.json of a copy: its `Values` and, when given, its `Host` section. */
export interface SampleSettings {
  Values: Record<string, string>;
  Host?: Record<string, unknown>;
}

/**
 * Copies the fixture app (plain CommonJS v4-model functions) to a new folder, under `parent` or
 * a fresh temp dir, with node_modules linked and the given local.settings.json.
 */
export function sampleApp(settings: SampleSettings, parent?: string, name = 'sample-app'): string {
  const dir = parent ? join(parent, name) : mkdtempSync(join(tmpdir(), 'functions-host-'));
  cpSync(join(__dirname, 'fixtures/sampleApp'), dir, { recursive: true });
  symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'local.settings.json'), JSON.stringify({ IsEncrypted: false, ...settings }));
  return dir;
}
