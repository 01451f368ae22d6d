import { writeSync } from 'node:fs';
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

/**
 * Lines for one stream, written together once per event-loop turn. Node writes to pipes and
 * files synchronously, so one `write` per line made every invocation wait on two system calls
 * (and on the reader of the pipe); batching keeps the order and costs one call per turn. What
 * is still queued when the process exits is written synchronously.
 */
function batchedWriter(fd: 1 | 2, stream: NodeJS.WriteStream): (line: string) => void {
  let queued: string[] = [];
  const flush = () => {
    if (queued.length === 0) return;
    const text = queued.join('');
    queued = [];
    stream.write(text);
  };
  process.once('exit', () => {
    if (queued.length === 0) return;
    try {
      writeSync(fd, queued.join(''));
    } catch {
      // The reader went away; nothing left to tell.
    }
  });
  return (line) => {
    if (queued.length === 0) setImmediate(flush);
    queued.push(`${line}\n`);
  };
}

let writers: HostOutput | undefined;
const stdioWriters = (): HostOutput =>
  (writers ??= { out: batchedWriter(1, process.stdout), err: batchedWriter(2, process.stderr) });

/** Standard output and error of the current process, batched per event-loop turn. */
export const processOutput: HostOutput = {
  out: (line) => stdioWriters().out(line),
  err: (line) => stdioWriters().err(line),
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
