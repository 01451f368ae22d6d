import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CORE_MODULE_ID } from '../dev/functionsHost/installCore';
import { resolveMainFiles } from '../dev/functionsHost/resolveMain';
import { REPO_ROOT } from './stack';

/** A throw-away function app whose package.json `main` is one esbuild bundle of the function entries. */
export interface BundledApp {
  readonly dir: string;
  /** Packages left out of the bundle (besides `@azure/functions-core`), loaded from node_modules. */
  readonly external: readonly string[];
  readonly bytes: number;
  readonly buildMs: number;
  remove(): void;
}

/**
 * Bundles the built function entries (`dist/src/functions/*.js`, in the order the host
 * requires them) into `main.js` of a temporary app directory with the repository's host.json.
 * `@azure/functions-core` always stays a run-time `require`: the host provides it, and
 * `@azure/functions` looks it up when the first `app.*` call runs. Packages in `external`
 * (those the app imports lazily, only where used) are loaded from the repository's
 * node_modules, linked into the directory. The shipped layout is left alone.
 */
export async function bundleFunctionApp(external: readonly string[] = []): Promise<BundledApp> {
  const main = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string }).main;
  const entries = resolveMainFiles(REPO_ROOT, main);
  const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-bundle-'));
  const outfile = join(dir, 'main.js');
  const started = performance.now();
  await build({
    stdin: {
      contents: entries.map((file) => `require(${JSON.stringify(file)});`).join('\n'),
      resolveDir: REPO_ROOT,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    external: [CORE_MODULE_ID, ...external],
    logLevel: 'error',
  });
  const buildMs = performance.now() - started;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'entra-bridge-bundled', main: 'main.js' }));
  copyFileSync(join(REPO_ROOT, 'host.json'), join(dir, 'host.json'));
  if (external.length > 0) symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return {
    dir,
    external,
    bytes: statSync(outfile).size,
    buildMs,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
