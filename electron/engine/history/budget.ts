/**
 * How much history the event log keeps. Beyond the budget the oldest checkpoints are dropped and
 * the earliest reachable frame moves forward to the oldest kept checkpoint; everything after it
 * keeps full resolution. The default, 256 MB, holds hours of a busy small cluster (about 150 bytes
 * per change, so well over a million changes) while keeping the app far from V8's heap limit even
 * when the history is mostly multi-megabyte ConfigMaps.
 */

export interface HistoryBudget {
  /**
   * Bytes of history: sealed and open blocks, frame times, objects that only checkpoints still
   * hold, and the checkpoints' references. The live objects are not counted (the store holds them).
   */
  bytes: number;
  /** Checkpoints kept at most. */
  checkpoints: number;
}

export const DEFAULT_HISTORY_BUDGET: HistoryBudget = { bytes: 256 * 1024 * 1024, checkpoints: 256 };

/** Changes between checkpoints at least (or a quarter of the object count for big clusters). */
export const CHECKPOINT_CHANGES = 1000;

/**
 * Bytes of new history between checkpoints at most, as a fraction of the budget: with big objects
 * a thousand changes can be gigabytes, and only checkpoints are places history can be cut.
 */
export const CHECKPOINT_BUDGET_FRACTION = 16;
