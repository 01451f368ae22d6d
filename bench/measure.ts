/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Wall time in milliseconds (monotonic). */
export const nowMs = (): number => performance.now();

/** Runs `fn` `iterations` times one after another; returns operations per second. */
export async function rate(fn: () => unknown, iterations: number): Promise<number> {
  const start = nowMs();
  for (let i = 0; i < iterations; i++) await fn();
  return (iterations * 1000) / (nowMs() - start);
}

/** Mean time of one call in microseconds, calls made one after another. */
export async function microsPerCall(fn: () => unknown, iterations: number): Promise<number> {
  return 1e6 / (await rate(fn, iterations));
}

/** Rates of one contender, by wall clock and by CPU time of the whole process. */
export interface Rates {
  /** Calls per second of wall time. */
  readonly wall: number;
  /**
   * Calls per second of process CPU time (user + system, all threads, so WebCrypto's
   * thread-pool work counts too): what each call costs, whatever else the machine runs.
   */
  readonly cpu: number;
}

/** Mean process CPU time (user + system) of one call in microseconds, calls one after another. */
export async function cpuMicrosPerCall(fn: () => unknown, iterations: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

/**
 * Interleaved rounds: each round runs every contender for `iterations` calls, in an
 * order rotated from round to round, so drift (thermal, neighbours on a shared machine,
 * GC) spreads over all of them. Returns the median rates of each contender.
 */
export async function interleavedRates(
  contenders: Readonly<Record<string, () => unknown>>,
  options: { rounds: number; iterations: number; warmup: number },
): Promise<Record<string, Rates>> {
  const names = Object.keys(contenders);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) await rate(contenders[name] as () => unknown, options.warmup);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      const before = process.cpuUsage();
      wall[name]?.push(await rate(contenders[name] as () => unknown, options.iterations));
      const used = process.cpuUsage(before);
      cpu[name]?.push((options.iterations * 1e6) / (used.user + used.system));
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { wall: median(wall[n] ?? []), cpu: median(cpu[n] ?? []) }]),
  );
}
