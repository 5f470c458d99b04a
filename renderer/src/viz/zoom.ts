/**
 * Zoom arithmetic for the cluster drawing, apart from D3's zoom behaviour (which owns the gesture):
 * what part of the world is on screen, which boxes are in it (to draw only those), and the
 * transform that brings a node card or a pod into view. Transforms are D3's: screen = world × k + (x, y).
 */
import type { Box } from './scene';

export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The world rectangle the stage shows under `t`. */
export function visibleWorld(t: View, width: number, height: number): Rect {
  return { x0: (0 - t.x) / t.k + 0, y0: (0 - t.y) / t.k + 0, x1: (width - t.x) / t.k, y1: (height - t.y) / t.k };
}

/** Does `box` overlap `rect` grown by `margin` (world units) on every side? */
export function overlaps(box: Box, rect: Rect, margin = 0): boolean {
  return box.x + box.width >= rect.x0 - margin && box.x <= rect.x1 + margin && box.y + box.height >= rect.y0 - margin && box.y <= rect.y1 + margin;
}

/** The zoom at which the whole scene fits the stage, never above 1×. */
export function fitAllScale(scene: { width: number; height: number }, width: number, height: number): number {
  return Math.max(0.001, Math.min(1, width / scene.width, height / scene.height));
}

/** The transform that centres `box` in the stage at the largest zoom (between minK and maxK) that shows it whole. */
export function focusBox(box: Box, width: number, height: number, options: { padding?: number; minK?: number; maxK?: number } = {}): View {
  const padding = options.padding ?? 24;
  const fit = Math.min((width - 2 * padding) / box.width, (height - 2 * padding) / box.height);
  const k = Math.min(options.maxK ?? 2, Math.max(options.minK ?? 0.05, fit));
  return centreOn(box.x + box.width / 2, box.y + box.height / 2, k, width, height);
}

/**
 * The transform for a pod found by search: its node card as large as fits (at least `minK`, so the
 * glyph is big enough to see), centred on the pod itself so it is in view even when the card is not whole.
 */
export function focusPod(pod: { x: number; y: number }, card: Box | undefined, width: number, height: number, minK = 1, maxK = 2): View {
  const k = card ? focusBox(card, width, height, { minK, maxK }).k : maxK;
  return centreOn(pod.x, pod.y, k, width, height);
}

export function centreOn(x: number, y: number, k: number, width: number, height: number): View {
  return { x: width / 2 - x * k, y: height / 2 - y * k, k };
}
