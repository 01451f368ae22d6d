import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './stack';

/** The repository's host.json, parsed. */
export function repoHostJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'host.json'), 'utf8')) as Record<string, unknown>;
}

/**
 * A throw-away function app directory next to the repository's build: package.json with
 * `main`, a host.json (the repository's unless given), the repository's node_modules linked
 * in, and its dist/ too with `linkDist`. The caller removes it.
 */
export function tempAppDir(
  prefix: string,
  options: { main: string; hostJson?: Record<string, unknown>; linkDist?: boolean },
): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'entra-bridge-variant', main: options.main }),
  );
  writeFileSync(join(dir, 'host.json'), JSON.stringify(options.hostJson ?? repoHostJson(), null, 2));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (options.linkDist) symlinkSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'));
  return dir;
}
