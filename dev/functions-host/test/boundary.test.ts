import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './sampleApp';

const SRC = join(PACKAGE_ROOT, 'src');

/** Every module specifier a source file imports, re-exports or requires (comments left out). */
function specifiers(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'([^']+)'/gm);
  return [...found].map((match) => match[1] ?? '');
}

describe('functions host package boundary', () => {
  it('imports only Node.js built-ins and its own modules: never the app it serves', () => {
    const files = readdirSync(SRC).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const outside = files.flatMap((file) =>
      specifiers(readFileSync(join(SRC, file), 'utf8'))
        .filter((spec) => !spec.startsWith('node:') && !/^\.\/[\w.-]+$/.test(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('has no runtime dependencies to install', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.dependencies).toBeUndefined();
  });
});
