import { describe, expect, it } from 'vitest';
import { areaShare, compactToolbar } from './view-size';

describe('the cluster view in a small window', () => {
  it('folds the toolbar in a narrow view or a short window', () => {
    expect(compactToolbar(1000, 700)).toBe(true);
    expect(compactToolbar(700, 900)).toBe(true);
    expect(compactToolbar(1008, 900)).toBe(true);
    expect(compactToolbar(1400, 900)).toBe(false);
  });
  it('measures a box as a share of the window', () => {
    expect(areaShare({ width: 1000, height: 358.4 }, { width: 1024, height: 700 })).toBeCloseTo(0.5);
    expect(areaShare({ width: 512, height: 350 }, { width: 1024, height: 700 })).toBeCloseTo(0.25);
    expect(areaShare({ width: -5, height: 10 }, { width: 1024, height: 700 })).toBe(0);
    expect(areaShare({ width: 5, height: 10 }, { width: 0, height: 700 })).toBe(0);
  });
});
