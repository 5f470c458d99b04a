/** Elapsed virtual time as h:mm:ss: the timeline's time since the cluster started. */
export function formatVirtualTime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * The cluster's clock at a virtual time: anchor + virtual ms, the basis of every timestamp the
 * cluster writes. `iso` is RFC3339 in UTC as kubectl prints it (`kubectl logs --timestamps`,
 * `get -o yaml`); `clock` the same instant as hh:mm:ss.
 */
export function clusterTime(anchorMs: number, ms: number): { iso: string; clock: string } {
  const iso = new Date(anchorMs + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { iso, clock: iso.slice(11, 19) };
}

/**
 * When something happened, as the panels say it: on the cluster's clock (hh:mm:ss UTC), the clock
 * of every timestamp kubectl prints (describe, `get -o yaml`, `logs --timestamps`) and of the
 * timeline, so the panels and the terminal name the same instant with the same time. Elapsed
 * virtual time (h:mm:ss) only where the clock's anchor is unknown (test doubles).
 */
export function clockText(anchorMs: number | undefined, ms: number): string {
  return anchorMs === undefined ? formatVirtualTime(ms) : clusterTime(anchorMs, ms).clock;
}
