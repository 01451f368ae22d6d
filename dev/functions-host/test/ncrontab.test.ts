import { describe, expect, it } from 'vitest';
import { CronExpressionError, nextOccurrence, parseNcrontab } from '../src/ncrontab';
import { parseTimerSchedule } from '../src/timers';

// Local-time constructor, so the expectations hold in any TZ.
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);
const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

describe('parseNcrontab', () => {
  it('parses every 15 minutes', () => {
    const cron = parseNcrontab('0 */15 * * * *');
    expect(sorted(cron.seconds)).toEqual([0]);
    expect(sorted(cron.minutes)).toEqual([0, 15, 30, 45]);
    expect(cron.hours.size).toBe(24);
    expect(cron.hasSeconds).toBe(true);
  });

  it('parses hour ranges and day names', () => {
    const cron = parseNcrontab('0 0 9-17 * * Mon-Fri');
    expect(sorted(cron.hours)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(sorted(cron.daysOfWeek)).toEqual([1, 2, 3, 4, 5]);
  });

  it('parses every 10 seconds', () => {
    expect(sorted(parseNcrontab('*/10 * * * * *').seconds)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('parses lists, stepped ranges, value/step and month names in any case', () => {
    const cron = parseNcrontab('5,10 10-30/10 3/6 1,15 jan,JUL,December sun');
    expect(sorted(cron.seconds)).toEqual([5, 10]);
    expect(sorted(cron.minutes)).toEqual([10, 20, 30]);
    expect(sorted(cron.hours)).toEqual([3, 9, 15, 21]);
    expect(sorted(cron.days)).toEqual([1, 15]);
    expect(sorted(cron.months)).toEqual([1, 7, 12]);
    expect(sorted(cron.daysOfWeek)).toEqual([0]);
  });

  it('accepts five fields without seconds, as the host does', () => {
    const cron = parseNcrontab('30 9 * * 1-5');
    expect(cron.hasSeconds).toBe(false);
    expect(sorted(cron.seconds)).toEqual([0]);
    expect(sorted(cron.minutes)).toEqual([30]);
  });

  it('swaps a reversed range like NCrontab', () => {
    expect(sorted(parseNcrontab('0 0 17-15 * * *').hours)).toEqual([15, 16, 17]);
  });

  it.each([
    ['', 'expected 6 fields'],
    ['* * * *', 'expected 6 fields'],
    ['0 0 0 * * * *', 'expected 6 fields'],
    ['60 * * * * *', 'outside 0-59'],
    ['0 0 24 * * *', 'outside 0-23'],
    ['0 0 0 0 * *', 'outside 1-31'],
    ['0 0 0 * 13 *', 'outside 1-12'],
    ['0 0 0 * * 7', 'outside 0-6'],
    ['0 0 0 * * Funday', 'not a valid day-of-week'],
    ['0 0 9-x * * *', 'not a valid hour'],
    ['0 */x * * * *', 'invalid step'],
    ['0 1,,2 * * * *', 'empty minute'],
    ['0 -5 * * * *', 'not a valid minute'],
    ['%GRAPH_SYNC_SCHEDULE% * * * * *', 'not a valid second'],
  ])('rejects %j', (expression, message) => {
    expect(() => parseNcrontab(expression)).toThrow(CronExpressionError);
    expect(() => parseNcrontab(expression)).toThrow(message);
  });
});

describe('nextOccurrence', () => {
  it('finds the next quarter hour, strictly after the given time', () => {
    expect(nextOccurrence('0 */15 * * * *', at(2024, 3, 5, 10, 7, 30))).toEqual(at(2024, 3, 5, 10, 15));
    expect(nextOccurrence('0 */15 * * * *', at(2024, 3, 5, 10, 15))).toEqual(at(2024, 3, 5, 10, 30));
    expect(nextOccurrence('0 */15 * * * *', at(2024, 3, 5, 23, 59, 59))).toEqual(at(2024, 3, 6, 0, 0));
  });

  it('skips the weekend for business hours', () => {
    // 2024-03-08 is a Friday.
    expect(nextOccurrence('0 0 9-17 * * Mon-Fri', at(2024, 3, 8, 17, 0, 0))).toEqual(at(2024, 3, 11, 9));
    expect(nextOccurrence('0 0 9-17 * * Mon-Fri', at(2024, 3, 8, 8, 59, 59))).toEqual(at(2024, 3, 8, 9));
    expect(nextOccurrence('0 0 9-17 * * Mon-Fri', at(2024, 3, 9, 12))).toEqual(at(2024, 3, 11, 9));
  });

  it('ticks every 10 seconds and ignores milliseconds', () => {
    const after = new Date(at(2024, 3, 5, 10, 0, 9).getTime() + 999);
    expect(nextOccurrence('*/10 * * * * *', after)).toEqual(at(2024, 3, 5, 10, 0, 10));
    expect(nextOccurrence('*/10 * * * * *', at(2024, 3, 5, 10, 0, 50))).toEqual(at(2024, 3, 5, 10, 1, 0));
  });

  it('handles five-field expressions at minute precision', () => {
    expect(nextOccurrence('30 9 * * *', at(2024, 3, 5, 9, 29, 59))).toEqual(at(2024, 3, 5, 9, 30));
    expect(nextOccurrence('30 9 * * *', at(2024, 3, 5, 9, 30, 0))).toEqual(at(2024, 3, 6, 9, 30));
  });

  it('requires both day and day-of-week to match (NCrontab semantics)', () => {
    // The next Friday the 13th after 2024-01-01 is 2024-09-13.
    expect(nextOccurrence('0 0 0 13 * Fri', at(2024, 1, 1))).toEqual(at(2024, 9, 13));
  });

  it('skips months without the day and finds leap days', () => {
    expect(nextOccurrence('0 0 12 31 * *', at(2024, 4, 1))).toEqual(at(2024, 5, 31, 12));
    expect(nextOccurrence('0 0 0 29 Feb *', at(2024, 3, 1))).toEqual(at(2028, 2, 29));
    expect(nextOccurrence('0 0 0 1 1 *', at(2024, 12, 31, 23, 59, 59))).toEqual(at(2025, 1, 1));
  });

  it('reports a schedule that never fires', () => {
    expect(() => nextOccurrence('0 0 0 30 2 *', at(2024, 1, 1))).toThrow('no occurrence');
  });
});

describe('parseTimerSchedule', () => {
  it('accepts a TimeSpan interval', () => {
    const schedule = parseTimerSchedule('00:00:30');
    expect(schedule.kind).toBe('constant');
    expect(schedule.next(at(2024, 1, 1, 10))).toEqual(at(2024, 1, 1, 10, 0, 30));
    expect(parseTimerSchedule('1.00:00:00').next(at(2024, 1, 1))).toEqual(
      new Date(at(2024, 1, 1).getTime() + 864e5),
    );
  });

  it('rejects an empty interval and bad expressions', () => {
    expect(() => parseTimerSchedule('00:00:00')).toThrow('TimeSpan');
    expect(() => parseTimerSchedule('every minute')).toThrow(CronExpressionError);
  });
});
