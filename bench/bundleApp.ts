import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempAppDir } from './appDir';

/** The build's bundler (`scripts/bundle-functions.cjs`), shared so the benchmark measures what ships. */
const bundler = require('../../scripts/bundle-functions.cjs') as {
  bundleFunctions(options: { outfile: string; external?: readonly string[] }): Promise<number>;
  EXTERNAL: readonly string[];
};

/** The SDKs the shipped bundle leaves in node_modules (besides `@azure/functions-core`). */
export const SHIPPED_EXTERNAL = bundler.EXTERNAL.filter((pkg) => pkg !== '@azure/functions-core');

/** A throw-away function app laid out differently from the shipped one, on the same build. */
export interface AlternativeApp {
  readonly dir: string;
  /** Bundles only: size of the file and the time esbuild took. */
  readonly bundle?: {
    readonly bytes: number;
    readonly buildMs: number;
    readonly external: readonly string[];
  };
  remove(): void;
}

/** The compiled files as tsc emits them (`main` = `dist/src/functions/*.js`): no bundle. */
export function unbundledApp(): AlternativeApp {
  const dir = tempAppDir('entra-bridge-unbundled-', { main: 'dist/src/functions/*.js', linkDist: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The same bundle as the build makes, but with `external` left out of it instead. */
export async function bundledApp(external: readonly string[]): Promise<AlternativeApp> {
  const dir = tempAppDir('entra-bridge-bundle-', { main: 'main.js' });
  const started = performance.now();
  const bytes = await bundler.bundleFunctions({ outfile: join(dir, 'main.js'), external });
  return {
    dir,
    bundle: { bytes, buildMs: performance.now() - started, external },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
