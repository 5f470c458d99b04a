import { describe, expect, it } from 'vitest';
import { defaultDockHeight } from './dock-size';

describe('defaultDockHeight', () => {
  it('opens at 30% of the window height', () => {
    expect(defaultDockHeight(900)).toBe(270);
    expect(defaultDockHeight(720)).toBe(216);
  });
  it('never opens below 160 px, nor over the header and timeline', () => {
    expect(defaultDockHeight(500)).toBe(160);
    expect(defaultDockHeight(250)).toBe(130);
  });
});
