/**
 * What the sessions panel shows for each kept session: the current one first, then the recent ones
 * newest first, each with its last-used date in the UI's language, its virtual length (h:mm:ss, as
 * the timeline counts it) and its size in nodes and frames.
 */
import type { SessionsState, SessionSummary } from '../../../shared/ipc/services/sessions';
import { formatVirtualTime } from '../panels/time-format';

export interface SessionRow {
  id: string;
  name: string;
  current: boolean;
  origin: SessionSummary['origin'];
  /** Last used, e.g. "Dec 3, 2026, 5:12 PM" or "2026. 12. 3. 오후 5:12". */
  date: string;
  /** The same instant as ISO 8601, for a <time> element. */
  dateTime: string;
  nodes: string;
  length: string;
  frames: string;
}

/** A wall-clock date as the locale writes a date and a time. `timeZone` is for tests; the UI uses the system's. */
export function formatSessionDate(ms: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(ms);
}

export function sessionRow(summary: SessionSummary, current: boolean, locale: string, timeZone?: string): SessionRow {
  const count = new Intl.NumberFormat(locale);
  return {
    id: summary.id,
    name: summary.name,
    current,
    origin: summary.origin,
    date: formatSessionDate(summary.updatedMs, locale, timeZone),
    dateTime: new Date(summary.updatedMs).toISOString(),
    nodes: count.format(summary.nodes),
    length: formatVirtualTime(Math.max(0, summary.virtualMs)),
    frames: count.format(summary.frames),
  };
}

/** The current session, then the others (never the current one twice), most recently used first. */
export function sessionRows(state: SessionsState | undefined, locale: string, timeZone?: string): SessionRow[] {
  if (!state) return [];
  const current = state.current;
  const others = state.recent.filter((summary) => summary.id !== current?.id).sort((a, b) => b.updatedMs - a.updatedMs);
  return [...(current ? [sessionRow(current, true, locale, timeZone)] : []), ...others.map((summary) => sessionRow(summary, false, locale, timeZone))];
}
