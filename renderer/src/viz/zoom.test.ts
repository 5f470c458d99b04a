import { describe, expect, it } from 'vitest';
import { centreOn, fitAllScale, focusBox, focusPod, overlaps, visibleWorld } from './zoom';

describe('zoom arithmetic', () => {
  it('maps the stage back to the world rectangle it shows', () => {
    expect(visibleWorld({ x: 0, y: 0, k: 1 }, 800, 600)).toEqual({ x0: 0, y0: 0, x1: 800, y1: 600 });
    expect(visibleWorld({ x: -200, y: 100, k: 2 }, 800, 600)).toEqual({ x0: 100, y0: -50, x1: 500, y1: 250 });
  });

  it('tells which boxes are on screen, with a margin', () => {
    const rect = { x0: 0, y0: 0, x1: 100, y1: 100 };
    expect(overlaps({ x: 50, y: 50, width: 10, height: 10 }, rect)).toBe(true);
    expect(overlaps({ x: 101, y: 50, width: 10, height: 10 }, rect)).toBe(false);
    expect(overlaps({ x: 101, y: 50, width: 10, height: 10 }, rect, 5)).toBe(true);
    expect(overlaps({ x: -20, y: -20, width: 19, height: 19 }, rect)).toBe(false);
  });

  it('fits a big scene whole, but never zooms a small one above 1×', () => {
    expect(fitAllScale({ width: 4000, height: 1000 }, 800, 600)).toBeCloseTo(0.2);
    expect(fitAllScale({ width: 400, height: 300 }, 800, 600)).toBe(1);
  });

  it('centres a node card at the largest zoom that shows it whole', () => {
    const t = focusBox({ x: 1000, y: 2000, width: 200, height: 160 }, 848, 400, { padding: 24 });
    expect(t.k).toBeCloseTo(2);
    expect(t.x + 1100 * t.k).toBeCloseTo(424);
    expect(t.y + 2080 * t.k).toBeCloseTo(200);
    const capped = focusBox({ x: 0, y: 0, width: 200, height: 160 }, 4000, 4000, { maxK: 1.5 });
    expect(capped.k).toBe(1.5);
  });

  it('centres a found pod, zoomed so its glyph is at least full size', () => {
    const t = focusPod({ x: 500, y: 300 }, { x: 400, y: 200, width: 1600, height: 160 }, 800, 600);
    expect(t.k).toBe(1);
    expect([t.x + 500 * t.k, t.y + 300 * t.k]).toEqual([400, 300]);
    expect(centreOn(10, 20, 2, 100, 100)).toEqual({ x: 30, y: 10, k: 2 });
  });
});
