import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/stack';

describe('product boundary with the local stack', () => {
  it('no file under src/ imports dev/ or the local Functions host package', () => {
    const files = readdirSync(join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.tsx?$/.test(name))
      .map((name) => join(REPO_ROOT, 'src', name));
    expect(files.length).toBeGreaterThan(50);
    const crossing = files.filter((file) =>
      /(?:from|import|require)\s*\(?\s*'(?:@entra-bridge\/functions-host|(?:\.\.\/)+dev\/)/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(crossing.map((file) => relative(REPO_ROOT, file))).toEqual([]);
  });
});
