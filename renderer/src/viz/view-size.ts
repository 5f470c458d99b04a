/**
 * How the cluster view folds in a small window, so that the drawing keeps at least half of it
 * (at 1024×700 too): the details panel starts closed below DETAILS_OPEN_WIDTH, the toolbar's
 * legends fold into one row (pod states behind a button), the hint line goes, and the failure zone
 * becomes a slim strip that widens while a node is dragged. A view narrower than COMPACT_VIEW_WIDTH
 * (the details panel open beside it) folds the same way.
 */

/** Windows at least this wide open with the details panel beside the drawing. */
export const DETAILS_OPEN_WIDTH = 1200;
/** Below this width of the cluster view, or this window height, the toolbar folds. */
export const COMPACT_VIEW_WIDTH = 1100;
export const COMPACT_WINDOW_HEIGHT = 780;

export function compactToolbar(viewWidth: number, windowHeight: number): boolean {
  return viewWidth < COMPACT_VIEW_WIDTH || windowHeight < COMPACT_WINDOW_HEIGHT;
}

/**
 * The room the failure zone takes beside the drawing: the full drop target, or a slim strip where
 * the toolbar folds too. While a node is dragged the strip reaches FAILURE_ZONE_WIDE over the
 * drawing (it takes no more room, so the drawing never relays out under the pointer).
 */
export const FAILURE_ZONE_WIDE = 120;
export const FAILURE_ZONE_SLIM = 48;

/** The share of the window's area a box covers (the end-to-end test holds the drawing to at least 0.5). */
export function areaShare(box: { width: number; height: number }, window: { width: number; height: number }): number {
  return window.width > 0 && window.height > 0 ? (Math.max(0, box.width) * Math.max(0, box.height)) / (window.width * window.height) : 0;
}
