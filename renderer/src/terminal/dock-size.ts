/**
 * How tall the terminal dock opens: a share of the window that leaves the cluster drawing most of
 * the room (30%), but never so small that a shell becomes unusable, nor taller than the window allows.
 */
export const DOCK_SHARE = 0.3;
export const DOCK_MIN_DEFAULT = 160;
/** Room always left above the dock for the header and timeline. */
export const DOCK_TOP_ROOM = 120;

export function defaultDockHeight(windowHeight: number): number {
  const wanted = Math.max(DOCK_MIN_DEFAULT, Math.round(windowHeight * DOCK_SHARE));
  return Math.max(0, Math.min(wanted, windowHeight - DOCK_TOP_ROOM));
}
