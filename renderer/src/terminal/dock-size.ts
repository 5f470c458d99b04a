/**
 * How tall the terminal dock is: it opens at a share of the window that leaves the cluster drawing
 * most of the room (30%, and less in a short window, so the drawing keeps DRAWING_ROOM), never so
 * small that a shell becomes unusable, nor taller than the window allows. The splitter above it
 * moves with the pointer or with the keys of the ARIA window-splitter pattern.
 */
export const DOCK_SHARE = 0.3;
export const DOCK_MIN_DEFAULT = 150;
/** Room always left above the dock for the header and timeline. */
export const DOCK_TOP_ROOM = 120;
/** The smallest dock the splitter allows (the tab bar and a few rows). */
export const DOCK_MIN = 120;
/** Room the dock leaves above it when it opens: header, timeline and a drawing at a readable size. */
export const DRAWING_ROOM = 550;

export function defaultDockHeight(windowHeight: number): number {
  const wanted = Math.max(DOCK_MIN_DEFAULT, Math.min(Math.round(windowHeight * DOCK_SHARE), windowHeight - DRAWING_ROOM));
  return Math.max(0, Math.min(wanted, windowHeight - DOCK_TOP_ROOM));
}

/** The tallest the dock may be in this window. */
export function maxDockHeight(windowHeight: number): number {
  return Math.max(DOCK_MIN, windowHeight - DOCK_TOP_ROOM);
}

export function clampDockHeight(height: number, windowHeight: number): number {
  return Math.round(Math.max(DOCK_MIN, Math.min(maxDockHeight(windowHeight), height)));
}

/** Pixels the splitter moves per arrow key, and per Page Up or Page Down. */
export const KEY_STEP = 16;
export const PAGE_STEP = 80;

/**
 * The dock height after a key on the splitter, or undefined for a key the splitter does not use.
 * The splitter sits above the dock: Up makes the dock taller, Down shorter; Home and End go to the
 * smallest and the tallest dock.
 */
export function dockHeightAfterKey(key: string, height: number, windowHeight: number): number | undefined {
  const steps: Record<string, number> = { ArrowUp: KEY_STEP, ArrowDown: -KEY_STEP, PageUp: PAGE_STEP, PageDown: -PAGE_STEP };
  if (key in steps) return clampDockHeight(height + steps[key]!, windowHeight);
  if (key === 'Home') return DOCK_MIN;
  if (key === 'End') return maxDockHeight(windowHeight);
  return undefined;
}
