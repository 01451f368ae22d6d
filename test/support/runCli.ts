import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, type Stack } from './stack';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/src/cli/main.js …` in `cwd` with the stack's app settings (none for commands
 * that need no stack), as an operator would.
 */
export function runCli(
  stack: Pick<Stack, 'settings'>,
  cwd: string,
  args: string[],
  settings: Record<string, string | undefined> = {},
  onOutput?: (text: string, child: ChildProcess) => void,
): Promise<CliRun> {
  const env = Object.fromEntries(
    Object.entries({
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
      ...stack.settings,
      ...settings,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), ...args], { cwd, env });
  const run: CliRun = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
    onOutput?.(run.stdout + run.stderr, child);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
    onOutput?.(run.stdout + run.stderr, child);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}
