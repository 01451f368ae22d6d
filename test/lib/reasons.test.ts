import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_REASONS } from '../../src/lib/entra/tokenReasons';
import { REASONS } from '../../src/lib/reasons';

/** The codes in the first column of the README's "Reason codes" table. */
function readmeReasons(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split('### Reason codes')[1]?.split(/\n#{2,3} /)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) =>
    [...(row.split('|')[1] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? ''),
  );
}

describe('the reason catalogue', () => {
  it('is what the README documents: every reason in its table, and nothing else', () => {
    const documented = readmeReasons();
    expect(documented.length).toBeGreaterThan(0);
    expect([...new Set(documented)].sort()).toEqual([...REASONS].sort());
  });

  it('lists each reason once and every token fault among them', () => {
    expect(new Set(REASONS).size).toBe(REASONS.length);
    for (const reason of Object.keys(TOKEN_REASONS)) expect(REASONS).toContain(reason);
  });
});
