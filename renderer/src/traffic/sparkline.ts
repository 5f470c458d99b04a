/** Sparkline geometry: an SVG path through the last values, scaled to the box (D3 would be overkill for a polyline). */
export function sparkPath(values: readonly number[], width: number, height: number, max = Math.max(0, ...values)): string {
  if (values.length === 0) return '';
  const top = max > 0 ? max : 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(height - (Math.min(v, top) / top) * height).toFixed(1)}`).join('');
}

/** A compact number for counters: 950, 1.2k, 34k, 1.5M. */
export function compact(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
