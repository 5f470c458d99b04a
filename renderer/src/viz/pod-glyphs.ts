/**
 * One glyph per pod state, so state reads without colour: a shape, a fill style and a mark, all as
 * SVG path strings in a 16×16 box centred on 0,0. The SVG layer and the canvas layer (Path2D) draw
 * the same paths, so both renderings look alike.
 */
import type { PodState } from './pod-view';

export interface Glyph {
  shape: string;
  fill: 'solid' | 'hollow' | 'dashed' | 'quarter';
  mark?: string;
  faded?: boolean;
}

const CIRCLE = 'M-7,0a7,7 0 1,0 14,0a7,7 0 1,0 -14,0Z';
const SQUARE = 'M-6.5,-6.5h13v13h-13Z';
const TRIANGLE = 'M0,-7.5L7.8,6.5H-7.8Z';
export const QUARTER = 'M0,0V-7A7,7 0 0,1 7,0Z';
const CHECK = 'M-3.5,0.5L-1,3L3.5,-2.5';
const CROSS = 'M-3,-3L3,3M3,-3L-3,3';
const BANG = 'M0,-2.5V1.8M0,3.6V4.2';
const DOWN = 'M0,-4V3M-3,0.5L0,3.5L3,0.5';

export const GLYPHS: Record<PodState, Glyph> = {
  Pending: { shape: CIRCLE, fill: 'dashed' },
  ContainerCreating: { shape: CIRCLE, fill: 'quarter' },
  Running: { shape: CIRCLE, fill: 'hollow' },
  Ready: { shape: CIRCLE, fill: 'solid', mark: CHECK },
  Terminating: { shape: CIRCLE, fill: 'solid', mark: CROSS, faded: true },
  CrashLoopBackOff: { shape: TRIANGLE, fill: 'solid', mark: BANG },
  ImagePullBackOff: { shape: SQUARE, fill: 'solid', mark: DOWN },
  Completed: { shape: SQUARE, fill: 'hollow', mark: CHECK },
  Failed: { shape: SQUARE, fill: 'solid', mark: CROSS },
};
