/**
 * Time as the API server tells it. The store's timestamps are already on the session's one basis
 * (the engine clock's anchor + virtual ms, electron/engine/clock/clock.ts), so they are sent as they
 * are: a timestamp read twice is byte-identical, paused or at 10×. Server-side AGE columns are
 * counted on the virtual now. Ages kubectl computes itself (describe's event ages) use its own wall
 * clock and drift from virtual time while the cluster is paused or runs faster, as they would
 * against a real cluster whose clock differs from the client's; where that makes kubectl print
 * `<invalid>`, the command is told why (clock-skew-warning.ts).
 */
import { DEFAULT_ANCHOR_MS } from '../engine/clock/clock';

export interface VirtualClock {
  /** Virtual now, as epoch milliseconds in the same frame as the store's timestamps. */
  virtualNow(): number;
}

/** `now` is the engine's virtual ms; `anchorMs` the wall-clock instant virtual 0 stands for (it moves when the cluster is re-created). */
export function createVirtualClock(now: () => number, anchorMs: () => number = () => DEFAULT_ANCHOR_MS): VirtualClock {
  return { virtualNow: () => anchorMs() + now() };
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
