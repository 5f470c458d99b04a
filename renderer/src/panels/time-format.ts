/** Virtual time as h:mm:ss, the way the timeline and narration show it. */
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
