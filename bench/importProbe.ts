import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { installFunctionsCore } from '@entra-bridge/functions-host/installCore';
import { resolveMainFiles } from '@entra-bridge/functions-host/resolveMain';

/** Packages whose load time matters at cold start. */
export const HEAVY_PACKAGES = [
  '@azure/identity',
  '@azure/msal-node',
  '@microsoft/microsoft-graph-client',
  '@azure/data-tables',
  '@azure/functions',
  'jose',
  'zod',
] as const;

export interface ImportProbe {
  /** Milliseconds to require every entry of package.json `main` (`dist/src/functions/*.js`) in a fresh process. */
  readonly requireMs: number;
  readonly modules: number;
  /** For each heavy package loaded at import: the chain of requires from a function entry. */
  readonly loaded: Record<string, string[] | null>;
}

/**
 * Run as a fresh process (`node dist/bench/importProbe.js <app dir>`): installs the local
 * `@azure/functions-core` stand-in, requires every entry of the app's package.json `main`
 * like the host does, then prints which heavy packages `require.cache` holds and which
 * import chain brought each in (a bundled app holds none: they are inside its one file).
 */
function probe(appDir: string): ImportProbe {
  const main = (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main: string }).main;
  const entries = resolveMainFiles(appDir, main);
  const started = performance.now();
  installFunctionsCore();
  for (const entry of entries) require(entry);
  const requireMs = performance.now() - started;

  const loaded: Record<string, string[] | null> = {};
  for (const pkg of HEAVY_PACKAGES) {
    const marker = `/node_modules/${pkg}/`;
    const inCache = Object.keys(require.cache).some((file) => file.includes(marker));
    loaded[pkg] = inCache ? chainTo(entries, marker, appDir) : null;
  }
  return { requireMs, modules: Object.keys(require.cache).length, loaded };
}

/** Breadth-first over `module.children` from the entries to the first file of a package. */
function chainTo(entries: string[], marker: string, repoRoot: string): string[] {
  const seen = new Set<string>();
  const queue: { module: NodeJS.Module; path: string[] }[] = [];
  for (const entry of entries) {
    const module = require.cache[entry];
    if (module) queue.push({ module, path: [entry] });
  }
  while (queue.length > 0) {
    const { module, path } = queue.shift() as { module: NodeJS.Module; path: string[] };
    if (module.filename.includes(marker)) return path.map((p) => relative(repoRoot, p));
    if (seen.has(module.filename)) continue;
    seen.add(module.filename);
    for (const child of module.children) queue.push({ module: child, path: [...path, child.filename] });
  }
  return ['(loaded, chain not found in module.children)'];
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(probe(process.argv[2] ?? process.cwd()))}\n`);
}
