/** A parsed NCRONTAB expression: the allowed values of each field. */
export interface CronSchedule {
  expression: string;
  hasSeconds: boolean;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
}

/** Thrown for an expression NCrontab would reject. */
export class CronExpressionError extends Error {
  override name = 'CronExpressionError';
}

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
const fields: Record<string, FieldSpec> = {
  second: { label: 'second', min: 0, max: 59 },
  minute: { label: 'minute', min: 0, max: 59 },
  hour: { label: 'hour', min: 0, max: 23 },
  day: { label: 'day', min: 1, max: 31 },
  month: { label: 'month', min: 1, max: 12, names: [...monthNames, 'October', 'November', 'December'] },
  dayOfWeek: {
    label: 'day-of-week',
    min: 0,
    max: 6,
    names: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  },
};

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  // NCrontab accepts any case-insensitive prefix of a name ("Mon", "mon", "Monday"); first match wins.
  const index =
    text === '' ? -1 : (spec.names ?? []).findIndex((n) => n.toLowerCase().startsWith(text.toLowerCase()));
  if (index < 0)
    throw new CronExpressionError(`'${expression}': '${text}' is not a valid ${spec.label} value.`);
  return index + spec.min;
}

function checkRange(value: number, spec: FieldSpec, expression: string): void {
  if (value < spec.min || value > spec.max) {
    throw new CronExpressionError(
      `'${expression}': ${spec.label} value ${value} is outside ${spec.min}-${spec.max}.`,
    );
  }
}

/** One field, following NCrontab's `CrontabFieldImpl` grammar: lists, `*`, ranges, `/step`, names. */
function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new CronExpressionError(`'${expression}': empty ${spec.label} list item.`);
    const [rangeText = '', stepText, extra] = item.split('/');
    if (extra !== undefined || (stepText !== undefined && !/^\d+$/.test(stepText))) {
      throw new CronExpressionError(`'${expression}': invalid step in ${spec.label} field '${item}'.`);
    }
    // NCrontab treats a step below 1 as 1.
    const step = Math.max(1, stepText === undefined ? 1 : Number(stepText));
    let start: number;
    let end: number;
    if (rangeText === '*') {
      start = spec.min;
      end = spec.max;
    } else if (rangeText.indexOf('-') > 0) {
      const dash = rangeText.indexOf('-');
      start = parseValue(rangeText.slice(0, dash), spec, expression);
      end = parseValue(rangeText.slice(dash + 1), spec, expression);
      // NCrontab swaps a reversed range rather than rejecting it.
      if (start > end) [start, end] = [end, start];
    } else {
      start = parseValue(rangeText, spec, expression);
      end = stepText === undefined ? start : spec.max;
    }
    checkRange(start, spec, expression);
    checkRange(end, spec, expression);
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return values;
}

/**
 * Parses an NCRONTAB expression as the Functions timer trigger does (`CronSchedule.TryCreate` in
 * azure-webjobs-sdk-extensions): six fields `{second} {minute} {hour} {day} {month} {day-of-week}`,
 * or five fields without seconds. Day and day-of-week must both match (NCrontab semantics).
 */
export function parseNcrontab(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new CronExpressionError(
      `'${expression}': expected 6 fields (or 5 without seconds), got ${parts.length}.`,
    );
  }
  const hasSeconds = parts.length === 6;
  const [s, mi, h, d, mo, dw] = hasSeconds ? parts : ['0', ...parts];
  return {
    expression,
    hasSeconds,
    seconds: parseField(s ?? '', fields.second as FieldSpec, expression),
    minutes: parseField(mi ?? '', fields.minute as FieldSpec, expression),
    hours: parseField(h ?? '', fields.hour as FieldSpec, expression),
    days: parseField(d ?? '', fields.day as FieldSpec, expression),
    months: parseField(mo ?? '', fields.month as FieldSpec, expression),
    daysOfWeek: parseField(dw ?? '', fields.dayOfWeek as FieldSpec, expression),
  };
}

const searchYears = 30;

/**
 * The first occurrence strictly after `after`, in the process's local time zone (the host uses
 * the machine's zone, `WEBSITE_TIME_ZONE` / `TZ`). Times that do not exist in a DST gap are moved
 * forward by the Date constructor, as `DateTimeOffset.ToLocalTime` does in the host.
 */
export function nextOccurrence(expression: string | CronSchedule, after: Date): Date {
  const cron = typeof expression === 'string' ? parseNcrontab(expression) : expression;
  const start = new Date(after.getTime() + (cron.hasSeconds ? 1000 : 60_000));
  start.setMilliseconds(0);
  if (!cron.hasSeconds) start.setSeconds(0);
  let [y, mo, d] = [start.getFullYear(), start.getMonth() + 1, start.getDate()];
  let [h, mi, s] = [start.getHours(), start.getMinutes(), start.getSeconds()];
  const lastYear = y + searchYears;
  const daysIn = (year: number, month: number) => new Date(year, month, 0).getDate();
  while (y <= lastYear) {
    if (mo > 12) [y, mo, d, h, mi, s] = [y + 1, 1, 1, 0, 0, 0];
    else if (!cron.months.has(mo) || d > daysIn(y, mo)) [mo, d, h, mi, s] = [mo + 1, 1, 0, 0, 0];
    else if (!cron.days.has(d) || !cron.daysOfWeek.has(new Date(y, mo - 1, d).getDay()) || h > 23) {
      [d, h, mi, s] = [d + 1, 0, 0, 0];
    } else if (!cron.hours.has(h) || mi > 59) [h, mi, s] = [h + 1, 0, 0];
    else if (!cron.minutes.has(mi) || s > 59) [mi, s] = [mi + 1, 0];
    else if (!cron.seconds.has(s)) s += 1;
    else {
      const candidate = new Date(y, mo - 1, d, h, mi, s);
      if (candidate.getTime() > after.getTime()) return candidate;
      s += 1;
    }
  }
  throw new CronExpressionError(`'${cron.expression}': no occurrence within ${searchYears} years.`);
}
