/**
 * The rollout chart's pure parts: a colour per ReplicaSet that stays distinct for eight of them and
 * reads for the common colour-vision deficiencies (the Okabe–Ito set and a neutral grey; each line
 * also carries its revision as text, so colour is never the only key), time-axis ticks on whole
 * clock steps, and each ReplicaSet's line from the frame it was created to the frame it was deleted.
 */
import type { RolloutPoint, RolloutSeries } from '../state/rollout';

/** Okabe & Ito (2008), "Color Universal Design", without black (lost on a dark theme), plus grey. */
export const REPLICA_SET_COLOURS = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#0072B2', '#D55E00', '#BBBBBB'] as const;

/**
 * Colour per ReplicaSet by revision order (oldest first): a new revision takes the next colour, so a
 * ReplicaSet keeps its colour for the whole rollout.
 */
export function seriesColours(series: readonly Pick<RolloutSeries, 'name' | 'revision'>[]): Map<string, string> {
  const ordered = [...series].sort((a, b) => a.revision - b.revision || a.name.localeCompare(b.name));
  return new Map(ordered.map((s, i) => [s.name, REPLICA_SET_COLOURS[i % REPLICA_SET_COLOURS.length]!]));
}

/** Clock steps a tick may fall on (ms): seconds, then minutes, then hours. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600].map((s) => s * 1000);

/** Tick times (virtual ms) on the smallest clock step that gives at most `count` ticks over [start, end]. */
export function timeTicks(start: number, end: number, count = 5): number[] {
  if (!(end > start)) return [start];
  const step = STEPS.find((s) => (end - start) / s <= count) ?? Math.ceil((end - start) / count / 3_600_000) * 3_600_000;
  const out: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) out.push(tick);
  return out;
}

/** Is the ReplicaSet there at `frame`: created at or before it, and not deleted since? */
export function existsAt(series: RolloutSeries, frame: number): boolean {
  let alive = false;
  for (const p of series.points) {
    if (p.frame > frame) break;
    alive = !p.gone;
  }
  return alive;
}

/**
 * The points of a ReplicaSet's line: from its first point (its creation, or the start of the
 * history), through its deletion if it was deleted, else held to `end` (the live time).
 */
export function linePoints(series: RolloutSeries, end: { frame: number; time: number }): RolloutPoint[] {
  const points: RolloutPoint[] = [];
  for (const p of series.points) {
    points.push(p);
    if (p.gone) return points;
  }
  const last = points.at(-1);
  return last && last.frame < end.frame ? [...points, { ...last, frame: end.frame, time: Math.max(last.time, end.time) }] : points;
}
