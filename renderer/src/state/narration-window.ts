/**
 * Which narrated steps the panel draws: the step on screen and a window around it, over the whole
 * history. Drawing thousands of lines would cost layout on every delta; a window of a few screens
 * follows the current frame, and the reader widens it on either side when they want more.
 */

/**
 * The index of the step on screen: the newest entry at or before the viewed frame (-1 when none),
 * or the newest entry when following live. Entries are in frame order.
 */
export function currentIndex(entries: readonly { frame: number }[], viewing: number | null): number {
  if (viewing === null) return entries.length - 1;
  let [low, high] = [0, entries.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid]!.frame <= viewing) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

export interface NarrationRange {
  /** First index drawn. */
  start: number;
  /** One past the last index drawn. */
  end: number;
}

/** `around` lines each side of `current` (the first lines when there is none), widened by `more`. */
export function narrationWindow(length: number, current: number, around: number, more: { before: number; after: number } = { before: 0, after: 0 }): NarrationRange {
  const anchor = Math.max(current, 0);
  const start = Math.max(0, anchor - around - more.before);
  const end = Math.min(length, anchor + 1 + around + more.after);
  return { start, end };
}
