import { describe, expect, it } from 'vitest';
import { History } from '../state/history';
import { rolloutSeries } from '../state/rollout';
import { committed, replicaSet } from '../testing/fixtures';
import { existsAt, linePoints, REPLICA_SET_COLOURS, seriesColours, timeTicks } from './rollout-chart';

/** Relative luminance contrast of two #rrggbb colours (WCAG). */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe('rollout chart', () => {
  it('gives eight ReplicaSets eight different colours, by revision, each visible on the dark theme', () => {
    const series = Array.from({ length: 8 }, (_, i) => ({ name: `web-${8 - i}`, revision: 8 - i }));
    const colours = seriesColours(series);
    expect(new Set(colours.values()).size).toBe(8);
    expect(colours.get('web-1')).toBe(REPLICA_SET_COLOURS[0]);
    expect(colours.get('web-2')).toBe(REPLICA_SET_COLOURS[1]);
    // A new revision takes the next colour; the older ones keep theirs.
    const more = seriesColours([...series, { name: 'web-9', revision: 9 }]);
    expect(more.get('web-8')).toBe(colours.get('web-8'));
    for (const colour of REPLICA_SET_COLOURS) expect(contrast(colour, '#0b1220'), colour).toBeGreaterThan(3);
  });

  it('puts time ticks on whole clock steps, at most the count asked for', () => {
    expect(timeTicks(0, 10_000, 5)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(timeTicks(1500, 9000, 4)).toEqual([2000, 4000, 6000, 8000]);
    const minutes = timeTicks(0, 10 * 60_000, 5);
    expect(minutes).toEqual([0, 120_000, 240_000, 360_000, 480_000, 600_000]);
    expect(timeTicks(5000, 5000)).toEqual([5000]);
  });

  it("starts a ReplicaSet's line at the frame it was created and ends it where it was deleted", () => {
    const clock = { now: 0, speed: 1, paused: true };
    const history = new History();
    history.reset({ frame: 10, clock: { ...clock, now: 1000 }, objects: [replicaSet('web-1', 'web', { replicas: 3, ready: 3, available: 3, revision: 1 })] });
    history.append({ frame: 11, clock: { ...clock, now: 2000 }, changes: [committed('ADDED', replicaSet('web-2', 'web', { replicas: 1, revision: 2 }), 11, 2000)] });
    history.append({ frame: 12, clock: { ...clock, now: 3000 }, changes: [committed('MODIFIED', replicaSet('web-1', 'web', { replicas: 2, ready: 2, available: 2, revision: 1 }), 12, 3000)] });
    history.append({ frame: 13, clock: { ...clock, now: 4000 }, changes: [committed('DELETED', replicaSet('web-1', 'web', { replicas: 0, revision: 1 }), 13, 4000)] });
    const [old, fresh] = rolloutSeries(history, 'default', 'web') as [ReturnType<typeof rolloutSeries>[0], ReturnType<typeof rolloutSeries>[0]];
    expect(fresh.name).toBe('web-2');
    const end = { frame: 20, time: 9000 };
    const freshLine = linePoints(fresh, end);
    expect(freshLine[0]!.frame).toBe(11);
    expect(freshLine.at(-1)).toMatchObject({ frame: 20, time: 9000, desired: 1 });
    const oldLine = linePoints(old, end);
    expect(oldLine.map((p) => p.frame)).toEqual([10, 12, 13]);
    expect(existsAt(fresh, 10)).toBe(false);
    expect(existsAt(fresh, 11)).toBe(true);
    expect(existsAt(old, 12)).toBe(true);
    expect(existsAt(old, 13)).toBe(false);
  });
});
