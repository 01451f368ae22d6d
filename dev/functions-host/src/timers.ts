import type { RpcTypedData } from './coreTypes';
import { parseNcrontab, nextOccurrence } from './ncrontab';

export { CronExpressionError, nextOccurrence, parseNcrontab } from './ncrontab';

/** A timer trigger's schedule, NCRONTAB or TimeSpan. */
export interface TimerSchedule {
  expression: string;
  kind: 'cron' | 'constant';
  next(after: Date): Date;
}

/**
 * Parses a timer `schedule`. Besides NCRONTAB, the host accepts a TimeSpan (`hh:mm:ss`, `d.hh:mm:ss`)
 * meaning a fixed interval (`ConstantSchedule`; documented for App Service plans, always available locally).
 * @throws CronExpressionError or Error naming the expression.
 */
export function parseTimerSchedule(expression: string): TimerSchedule {
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(expression.trim());
  if (span) {
    const [days, hours, minutes, seconds] = span.slice(1).map((part) => Number(part ?? 0)) as number[];
    const ms = ((((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) * 1000;
    if (ms <= 0 || (hours ?? 0) > 23 || (minutes ?? 0) > 59 || (seconds ?? 0) > 59) {
      throw new Error(`'${expression}' is not a valid TimeSpan schedule.`);
    }
    return { expression, kind: 'constant', next: (after) => new Date(after.getTime() + ms) };
  }
  const cron = parseNcrontab(expression);
  return { expression, kind: 'cron', next: (after) => nextOccurrence(cron, after) };
}

/** `DateTime.MinValue`, which the host reports as `Last` before a timer ever ran. */
const neverRan = new Date(-62135596800000);

/**
 * The trigger input the host sends for a timer: `TimerInfo` serialized with PascalCase names,
 * which the library camel-cases into `{ schedule: { adjustForDST }, scheduleStatus, isPastDue }`.
 * Never past due: this host keeps no schedule monitor across restarts.
 */
export function toRpcTimerInput(last: Date | undefined, next: Date): RpcTypedData {
  const info = {
    Schedule: { AdjustForDST: true },
    ScheduleStatus: {
      Last: (last ?? neverRan).toISOString(),
      Next: next.toISOString(),
      LastUpdated: new Date().toISOString(),
    },
    IsPastDue: false,
  };
  return { json: JSON.stringify(info) };
}

/** A timer function ready to be scheduled. */
export interface ScheduledTimer {
  functionName: string;
  schedule: TimerSchedule;
  runOnStartup: boolean;
  /** Runs the function; failures are the caller's to log. */
  invoke(input: RpcTypedData, reason: string): Promise<unknown>;
}

/** Handle on running timers. */
export interface TimerHandle {
  stop(): void;
}

const maxDelay = 2 ** 31 - 1;

/**
 * Schedules each timer like the host's `TimerListener`: one invocation at a time per function,
 * the next occurrence computed after the previous run (missed occurrences are skipped),
 * and `runOnStartup` honoured once at start.
 */
export function startTimers(timers: ScheduledTimer[], now: () => Date = () => new Date()): TimerHandle {
  const handles = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const timer of timers) {
    let last: Date | undefined;
    let due = timer.schedule.next(now());
    const run = (next: Date) =>
      timer
        .invoke(toRpcTimerInput(last, next), `Timer fired at ${now().toISOString()}`)
        .catch(() => undefined);
    const arm = () => {
      if (stopped) return;
      const handle = setTimeout(
        () => {
          handles.delete(handle);
          if (stopped) return;
          if (now().getTime() < due.getTime()) return arm();
          void run(timer.schedule.next(due)).then(() => {
            last = due;
            due = timer.schedule.next(new Date(Math.max(now().getTime(), due.getTime())));
            arm();
          });
        },
        Math.min(Math.max(0, due.getTime() - now().getTime()), maxDelay),
      );
      handles.add(handle);
    };
    // Deferred so the host reports itself started before the first run, as `func start` does.
    if (timer.runOnStartup) {
      setImmediate(() => {
        if (!stopped) void run(due).then(arm);
      });
    } else arm();
  }
  return {
    stop() {
      stopped = true;
      for (const handle of handles) clearTimeout(handle);
      handles.clear();
    },
  };
}
