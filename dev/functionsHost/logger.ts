import type { RpcLogLevel } from './coreTypes';

/** Where log lines go; defaults to the process's stdout and stderr. */
export interface HostOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Prints host and function log lines the way `func start` does: `[time] [Function] message`. */
export interface HostLogger {
  /** A host-level line (startup, `Executing 'Functions.x'`, …). */
  host(level: RpcLogLevel, message: string): void;
  /** A line written by a function (`context.log`) or by the library on its behalf. */
  function(functionName: string, level: RpcLogLevel, message: string): void;
}

const order: RpcLogLevel[] = ['trace', 'debug', 'information', 'warning', 'error', 'critical', 'none'];

/** Maps a host.json `logging.logLevel` value (`Information`, `Warning`, …) to an RPC level. */
export function parseLogLevel(text: unknown): RpcLogLevel | undefined {
  return typeof text === 'string' ? order.find((level) => level === text.toLowerCase()) : undefined;
}

/** Standard output and error of the current process. */
export const processOutput: HostOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Creates the logger. Lines below `minLevel` (host.json `logging.logLevel`, `Information` by
 * default) are dropped; warnings and errors go to stderr. Only messages are printed: the host
 * never logs request bodies or headers.
 */
export function createHostLogger(
  output: HostOutput = processOutput,
  minLevel: RpcLogLevel = 'information',
): HostLogger {
  const threshold = order.indexOf(minLevel);
  const write = (level: RpcLogLevel, line: string) => {
    if (level === 'none' || order.indexOf(level) < threshold) return;
    const stamped = `[${new Date().toISOString()}] ${line}`;
    if (order.indexOf(level) >= order.indexOf('warning')) output.err(stamped);
    else output.out(stamped);
  };
  return {
    host: (level, message) => write(level, message),
    function: (functionName, level, message) => write(level, `[${functionName}] ${message}`),
  };
}
