import { describe, expect, it } from 'vitest';
import { currentIndex, narrationWindow } from './narration-window';

const entries = [3, 7, 8, 20, 41].map((frame) => ({ frame }));

describe('narration window', () => {
  it('finds the newest step at or before the viewed frame, or the newest when live', () => {
    expect(currentIndex(entries, null)).toBe(4);
    expect(currentIndex(entries, 8)).toBe(2);
    expect(currentIndex(entries, 19)).toBe(2);
    expect(currentIndex(entries, 2)).toBe(-1);
    expect(currentIndex(entries, 1000)).toBe(4);
    expect(currentIndex([], 5)).toBe(-1);
  });

  it('draws the lines around the current step, widened on request, within the history', () => {
    expect(narrationWindow(5000, 2500, 60)).toEqual({ start: 2440, end: 2561 });
    expect(narrationWindow(5000, 10, 60)).toEqual({ start: 0, end: 71 });
    expect(narrationWindow(5000, 4999, 60, { before: 60, after: 0 })).toEqual({ start: 4879, end: 5000 });
    expect(narrationWindow(5000, -1, 60)).toEqual({ start: 0, end: 61 });
  });
});
