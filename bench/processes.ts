import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** A server process started by the benchmarks. */
export interface ServerProcess {
  readonly pid: number;
  /** Milliseconds from spawn to the ready line. */
  readonly readyAfterMs: number;
  /** Lines it printed so far (stdout and stderr). */
  lines(): number;
  /** The last few kB it printed, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` with exactly `env` (plus PATH) and waits for `ready` in its output.
 * Output is counted and dropped, never echoed: the Functions host logs every invocation.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  ready: RegExp,
  options: { cwd: string; timeoutMs?: number },
): Promise<ServerProcess & { match: RegExpMatchArray }> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let lines = 0;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${options.timeoutMs ?? 30_000} ms`)),
      options.timeoutMs ?? 30_000,
    );
    const check = () => {
      const found = output.match(ready);
      if (found) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(found);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited (${code}):\n${output}`));
    });
  });
  const readyAfterMs = performance.now() - started;
  return {
    pid: child.pid ?? -1,
    readyAfterMs,
    match,
    lines: () => lines,
    tail: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** Resident set size and its peak of a process, in MB, from `/proc/<pid>/status` (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
