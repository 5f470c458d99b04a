/**
 * Standard cron schedules as the CronJob controller reads them (github.com/robfig/cron/v3
 * ParseStandard, which pkg/controller/cronjob uses): five fields (minute hour day-of-month month
 * day-of-week) with `*`, `?`, lists, ranges, steps and month/day names, or a descriptor (@yearly,
 * @monthly, @weekly, @daily, @midnight, @hourly). Errors are robfig's own words, which the API
 * server returns in its validation message. Times are in a zone via Intl (any IANA zone the
 * runtime's ICU knows, no network needed).
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS }];
const DESCRIPTORS: Record<string, string> = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };

export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** robfig's starBit: a `*` or `?` day field makes the day match an AND, else an OR. */
  domStar: boolean;
  dowStar: boolean;
}

export class CronParseError extends Error {}

/** strconv.Atoi's error text. */
function parseInt10(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? parseInt10(expr);
}

/** getRange: one comma-separated part of a field. */
function range(expr: string, b: Bounds, out: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = intOrName(lowHigh[0]!, b);
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) end = intOrName(lowHigh[1]!, b);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseInt10(rangeAndStep[1]!);
    if (lowHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronParseError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) out.add(v);
  return star;
}

export function parseCron(spec: string): CronSchedule {
  let text = spec.trim();
  if (text === '') throw new CronParseError('empty spec string');
  if (text.startsWith('@')) {
    const d = DESCRIPTORS[text];
    if (!d) throw new CronParseError(`unrecognized descriptor: ${text}`);
    text = d;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const sets = FIELDS.map(() => new Set<number>());
  const stars = fields.map((f, i) => f.split(',').map((part) => range(part, FIELDS[i]!, sets[i]!)).some(Boolean));
  return { minute: sets[0]!, hour: sets[1]!, dom: sets[2]!, month: sets[3]!, dow: sets[4]!, domStar: stars[2]!, dowStar: stars[4]! };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the runtime knows the zone (time.LoadLocation's answer). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at `utcMs`, in ms (local wall time = utc + offset). */
function offsetAt(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.dom.has(d.getUTCDate());
  const dow = s.dow.has(d.getUTCDay());
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/**
 * SpecSchedule.Next: the first matching minute strictly after `utcMs` in `zone`, or undefined when
 * none comes within five years (robfig gives up then too). Wall times are searched field by field
 * and mapped back to UTC with the zone's offset.
 */
export function nextRun(s: CronSchedule, utcMs: number, zone = 'UTC'): number | undefined {
  const offset = offsetAt(zone, utcMs);
  const w = new Date(Math.floor((utcMs + offset) / 60_000) * 60_000 + 60_000);
  const limit = w.getUTCFullYear() + 5;
  while (w.getUTCFullYear() <= limit) {
    if (!s.month.has(w.getUTCMonth() + 1)) {
      w.setUTCMonth(w.getUTCMonth() + 1, 1);
      w.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, w)) {
      w.setUTCDate(w.getUTCDate() + 1);
      w.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hour.has(w.getUTCHours())) {
      w.setUTCHours(w.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minute.has(w.getUTCMinutes())) {
      w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const wall = w.getTime();
    // The offset at the found instant (a DST change between utcMs and then moves it).
    const utc = wall - offsetAt(zone, wall - offset);
    if (utc > utcMs) return utc;
    w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
  }
  return undefined;
}
