import { describe, expect, it } from 'vitest';
import { clampDockHeight, defaultDockHeight, dockHeightAfterKey, DOCK_MIN, KEY_STEP, maxDockHeight, PAGE_STEP } from './dock-size';

describe('defaultDockHeight', () => {
  it('opens at 30% of a tall window', () => {
    expect(defaultDockHeight(900)).toBe(270);
    expect(defaultDockHeight(1080)).toBe(324);
  });
  it('leaves the drawing its room in a short window, but never opens below 150 px', () => {
    expect(defaultDockHeight(800)).toBe(240);
    expect(defaultDockHeight(720)).toBe(170);
    expect(defaultDockHeight(700)).toBe(150);
    expect(defaultDockHeight(500)).toBe(150);
  });
  it('never covers the header and timeline', () => {
    expect(defaultDockHeight(250)).toBe(130);
  });
});

describe('the splitter keys', () => {
  it('Up makes the dock taller and Down shorter, by a step or a page', () => {
    expect(dockHeightAfterKey('ArrowUp', 200, 900)).toBe(200 + KEY_STEP);
    expect(dockHeightAfterKey('ArrowDown', 200, 900)).toBe(200 - KEY_STEP);
    expect(dockHeightAfterKey('PageUp', 200, 900)).toBe(200 + PAGE_STEP);
    expect(dockHeightAfterKey('PageDown', 300, 900)).toBe(300 - PAGE_STEP);
  });
  it('stops at the smallest and the tallest dock; Home and End go there', () => {
    expect(dockHeightAfterKey('ArrowDown', DOCK_MIN, 900)).toBe(DOCK_MIN);
    expect(dockHeightAfterKey('PageUp', 760, 900)).toBe(maxDockHeight(900));
    expect(dockHeightAfterKey('Home', 400, 900)).toBe(DOCK_MIN);
    expect(dockHeightAfterKey('End', 200, 900)).toBe(780);
  });
  it('ignores other keys', () => {
    expect(dockHeightAfterKey('ArrowLeft', 200, 900)).toBeUndefined();
    expect(dockHeightAfterKey('Enter', 200, 900)).toBeUndefined();
  });
  it('clamps a dragged height into the window', () => {
    expect(clampDockHeight(50, 900)).toBe(DOCK_MIN);
    expect(clampDockHeight(5000, 900)).toBe(780);
    expect(clampDockHeight(333.4, 900)).toBe(333);
  });
});
