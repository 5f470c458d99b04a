import { describe, expect, it } from 'vitest';
import { CronParseError, isKnownTimeZone, nextRun, parseCron } from './cron';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron schedules (robfig/cron ParseStandard)', () => {
  it('finds the next minute for steps, ranges, lists, names and descriptors', () => {
    const t = at('2026-01-01T00:00:30Z'); // a Thursday
    expect(iso(nextRun(parseCron('*/15 * * * *'), t))).toBe('2026-01-01T00:15:00.000Z');
    expect(iso(nextRun(parseCron('30 9-17/4 * * mon-fri'), t))).toBe('2026-01-01T09:30:00.000Z');
    expect(iso(nextRun(parseCron('0 0 1 feb *'), t))).toBe('2026-02-01T00:00:00.000Z');
    expect(iso(nextRun(parseCron('@hourly'), t))).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(nextRun(parseCron('@weekly'), t))).toBe('2026-01-04T00:00:00.000Z');
    // Both day fields restricted: either matches (the 13th or a Friday).
    expect(iso(nextRun(parseCron('0 0 13 * 5'), t))).toBe('2026-01-02T00:00:00.000Z');
    expect(nextRun(parseCron('0 0 30 2 *'), t)).toBeUndefined();
  });

  it('follows a time zone, fixed or with daylight saving', () => {
    const t = at('2026-01-01T00:00:30Z');
    expect(iso(nextRun(parseCron('0 9 * * *'), t, 'Asia/Seoul'))).toBe('2026-01-02T00:00:00.000Z');
    expect(iso(nextRun(parseCron('0 9 * * *'), at('2026-07-01T00:00:00Z'), 'America/New_York'))).toBe('2026-07-01T13:00:00.000Z');
    expect(iso(nextRun(parseCron('0 9 * * *'), t, 'Etc/GMT+5'))).toBe('2026-01-01T14:00:00.000Z');
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it("refuses bad specs with robfig's messages", () => {
    const msg = (s: string) => {
      try {
        parseCron(s);
      } catch (e) {
        expect(e).toBeInstanceOf(CronParseError);
        return (e as Error).message;
      }
      return '';
    };
    expect(msg('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(msg('70 * * * *')).toBe('end of range (70) above maximum (59): 70');
    expect(msg('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(msg('@often')).toBe('unrecognized descriptor: @often');
    expect(msg('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
  });
});
