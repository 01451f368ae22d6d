import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli';

const cwd = mkdtempSync(join(tmpdir(), 'entra-bridge-help-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('entra-bridge', () => {
  it('has --help on every command', async () => {
    for (const args of [
      [],
      ['test-access'],
      ['config', 'check'],
      ['groups', 'rename'],
      ['users', 'list'],
      ['explain'],
      ['keys', 'generate'],
      ['keys', 'rotate'],
      ['token', 'inspect'],
    ]) {
      // Help needs no settings and no stack.
      const run = await runCli({ settings: {} }, cwd, [...args, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: entra-bridge/);
    }
  });
});
