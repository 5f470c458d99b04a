/**
 * The one binary search history needs: blocks and checkpoints are both kept in ascending order of
 * the first frame (or line) they hold, and a lookup wants the last one that starts at or before a
 * point.
 */

/** Index of the last item whose key is ≤ `at` (0 when none is, so callers get the first item). */
export function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(items[mid]!) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
