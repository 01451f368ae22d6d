import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** One file of the built console, held in memory (the whole console is a few dozen KB). */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Content-hashed file names never change content: cache them for a year. */
  readonly immutable: boolean;
}

/** The built console: `index.html` and `assets/*`, keyed by path below `/api/console/`. */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

/** `name-HASH.ext` as the console build writes it (esbuild `[name]-[hash]`). */
const HASHED = /-[A-Z0-9]{8}\.[a-z]+$/;

/**
 * The first of `candidates` that holds a built console (`index.html`). The deployed bundle
 * runs from `dist/app/`, the unbundled build from `dist/src/functions/`; both find
 * `dist/console/`, which the package keeps.
 */
export function findConsoleDir(candidates: readonly string[]): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** Reads the built console once; unknown file types are left out rather than served as guesses. */
export function loadConsoleAssets(dir: string): ConsoleAssets {
  const assets = new Map<string, ConsoleAsset>();
  const add = (path: string, file: string, immutable: boolean) => {
    const contentType = TYPES[extname(file)];
    if (contentType) assets.set(path, { body: readFileSync(file), contentType, immutable });
  };
  add('', join(dir, 'index.html'), false);
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) add(`assets/${name}`, join(assetDir, name), HASHED.test(name));
  }
  return assets;
}
