import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function segmentPattern(segment: string): RegExp {
  const source = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

function expand(dir: string, segments: string[]): string[] {
  const [segment, ...rest] = segments;
  if (segment === undefined) return existsSync(dir) && statSync(dir).isFile() ? [dir] : [];
  if (!/[*?]/.test(segment)) return expand(join(dir, segment), rest);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  if (segment === '**') {
    const here = expand(dir, rest);
    const below = entries.filter((e) => e.isDirectory()).flatMap((e) => expand(join(dir, e.name), segments));
    return [...here, ...below];
  }
  const pattern = segmentPattern(segment);
  return entries.filter((e) => pattern.test(e.name)).flatMap((e) => expand(join(dir, e.name), rest));
}

/**
 * Resolves package.json `main` the way the Node.js worker does for the v4 model: a file path or a
 * glob (`*`, `?`, `**`) such as `dist/src/functions/*.js`, relative to the app directory
 * (https://learn.microsoft.com/azure/azure-functions/functions-reference-node#registering-a-function).
 * Returns absolute paths in a stable (sorted) order; no match is an error.
 */
export function resolveMainFiles(appDir: string, main: string): string[] {
  const segments = main.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter(Boolean);
  const files = [...new Set(expand(appDir, segments))].sort();
  if (files.length === 0) throw new Error(`package.json "main" ('${main}') matches no file in ${appDir}.`);
  return files;
}
