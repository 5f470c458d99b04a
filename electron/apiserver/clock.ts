/**
 * Virtual time as kubectl sees it. Tables compute AGE on the engine's virtual clock. kubectl also
 * computes some ages itself (describe's event ages, Start Time) from the timestamps it receives and
 * its own wall clock, so outgoing timestamps are shifted by (wall now - virtual now) and incoming
 * ones shifted back. Then every age kubectl prints is counted on the virtual clock.
 */

export interface VirtualClock {
  /** Virtual now, as epoch milliseconds in the same frame as the store's timestamps. */
  virtualNow(): number;
  /** Milliseconds to add to a stored timestamp to present it to a client. */
  offset(): number;
}

export function createVirtualClock(now: () => number, epochMs: number, shiftToWall: boolean): VirtualClock {
  return {
    virtualNow: () => epochMs + now(),
    offset: () => (shiftToWall ? Date.now() - (epochMs + now()) : 0),
  };
}

const TIME_KEYS = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'lastTimestamp',
  'firstTimestamp',
  'eventTime',
  'startedAt',
  'finishedAt',
  'lastTransitionTime',
  'lastHeartbeatTime',
  'lastProbeTime',
  'lastUpdateTime',
  'startTime',
  'completionTime',
  'renewTime',
  'acquireTime',
  'timestamp',
  'lastScheduleTime',
  'lastSuccessfulTime',
]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let memoDelta = Number.NaN;
const memo = new Map<string, string>();

function shiftOne(value: string, deltaMs: number): string {
  // Lists repeat the same few timestamps many times; remember this shift's conversions.
  if (deltaMs !== memoDelta || memo.size > 50_000) {
    memo.clear();
    memoDelta = deltaMs;
  }
  const known = memo.get(value);
  if (known !== undefined) return known;
  const result = shiftUncached(value, deltaMs);
  memo.set(value, result);
  return result;
}

function shiftUncached(value: string, deltaMs: number): string {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return value;
  // Keep the precision the store used: metav1.Time has whole seconds, MicroTime six digits.
  const digits = /\.(\d+)(?:Z|[+-]\d{2}:\d{2})$/.exec(value)?.[1] ?? '';
  const iso = new Date(parsed + deltaMs).toISOString();
  if (digits.length === 0) return iso.replace(/\.\d{3}Z$/, 'Z');
  const millis = /\.(\d{3})Z$/.exec(iso)?.[1] ?? '000';
  const fraction = (millis + digits.slice(3)).padEnd(digits.length, '0').slice(0, digits.length);
  return iso.replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

/** ObjectMeta with its own timestamps moved; the fast path for Table rows. */
export function shiftMetadata<T extends { creationTimestamp?: string; deletionTimestamp?: string }>(meta: T, deltaMs: number): T {
  if (deltaMs === 0) return meta;
  const out = { ...meta };
  if (typeof out.creationTimestamp === 'string' && RFC3339.test(out.creationTimestamp)) out.creationTimestamp = shiftOne(out.creationTimestamp, deltaMs);
  if (typeof out.deletionTimestamp === 'string' && RFC3339.test(out.deletionTimestamp)) out.deletionTimestamp = shiftOne(out.deletionTimestamp, deltaMs);
  return out;
}

/** Returns a copy of `value` with every known timestamp field moved by deltaMs. */
export function shiftTimestamps<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (TIME_KEYS.has(key) && typeof child === 'string' && RFC3339.test(child)) out[key] = shiftOne(child, deltaMs);
      else if (key === 'annotations' || key === 'labels' || key === 'data' || key === 'stringData') out[key] = child;
      else out[key] = walk(child);
    }
    return out;
  };
  return walk(value) as T;
}

/** apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const parsed = new Map<string, number>();

/** Date.parse, remembered: every Table row parses timestamps, and the same ones come back each request. */
export function parseTime(timestamp: string): number {
  let t = parsed.get(timestamp);
  if (t === undefined) {
    if (parsed.size > 100_000) parsed.clear();
    t = Date.parse(timestamp);
    parsed.set(timestamp, t);
  }
  return t;
}

/** printers.translateTimestampSince: `<unknown>` for a missing timestamp. */
export function since(timestamp: string | undefined, nowMs: number): string {
  if (!timestamp) return '<unknown>';
  const t = parseTime(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(nowMs - t);
}
