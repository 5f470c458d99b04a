/**
 * A controller work queue on the virtual clock: handlers add keys, a timer a few ms later drains
 * them in order (deduplicated, like client-go's workqueue). A reconcile that fails, with a
 * StatusError (a Conflict) or with anything else (a malformed object, a bug), is retried through
 * client-go's DefaultControllerRateLimiter (AddRateLimited); anything but a Conflict or NotFound
 * (the races every controller expects) is also reported, as processNextWorkItem's
 * utilruntime.HandleError("error syncing %q: %v") does. One key's failure never stops
 * the drain: the other keys are reconciled as usual. Reconciles are level-triggered.
 *
 * One guard upstream does not need: a reconcile whose own write re-adds its key, sync after sync
 * (a status that never compares equal, from a field of the wrong type), would write in a hot loop.
 * After HOT_LOOP_SYNCS such syncs in a row, the key's self re-adds go through a rate limiter of
 * their own, so its writes slow down exponentially; a sync that does not re-add itself ends it.
 *
 * Each pending key remembers the frame that first queued it since its last reconcile (the change
 * an informer handler saw: clock.causeFrame), and its reconcile runs with that frame as the causal
 * context, so the writes it makes are linked to the change that led to them (Cause.by.frame). A
 * key its own reconcile's write re-added is linked to that write: the taint a node reconcile added
 * is what the next one evicts for.
 */
import { StatusError } from '../api';
import type { TimerId, VirtualClock } from '../clock/clock';
import { ControllerRateLimiter } from './ratelimit';

/** A Conflict or NotFound: another writer got there first; the retry is the whole answer. */
function isBenign(e: unknown): boolean {
  return e instanceof StatusError && (e.status.code === 409 || e.status.code === 404);
}

/** Told about a reconcile that failed with something other than a Conflict or NotFound. */
export type SyncErrorHandler = (key: string, error: unknown) => void;

/** Self re-adds in a row before the key is treated as a hot loop (rollouts need two or three). */
export const HOT_LOOP_SYNCS = 8;

export class WorkQueue {
  private pending = new Set<string>();
  private timer: TimerId | undefined;
  private delayed = new Map<string, { id: TimerId; at: number }>();
  readonly limiter: ControllerRateLimiter;
  private hotLimiter: ControllerRateLimiter;
  private processing = false;
  /** The key being reconciled, and whether its reconcile re-added it. */
  private current: string | undefined;
  private readded = false;
  /** Key -> self re-adds in a row. */
  private streak = new Map<string, number>();
  /** Key -> the frame that queued it (see above). */
  private triggers = new Map<string, number | undefined>();

  constructor(
    private clock: VirtualClock,
    private delayMs: number,
    private reconcile: (key: string) => void,
    private onError?: SyncErrorHandler,
  ) {
    this.limiter = new ControllerRateLimiter(() => clock.now());
    this.hotLimiter = new ControllerRateLimiter(() => clock.now());
  }

  add(key: string): void {
    if (!this.pending.has(key)) this.triggers.set(key, this.clock.causeFrame);
    if (key === this.current) this.readded = true;
    this.pending.add(key);
    if (this.timer === undefined && !this.processing) this.timer = this.clock.after(this.delayMs, () => this.drain());
  }

  /** Adds the key after `ms`; an earlier pending delayed add wins. */
  addAfter(key: string, ms: number): void {
    // A NaN delay (from a field of the wrong type) throws in clock.at: the reconcile fails, is
    // reported and retried with back-off, rather than spinning with a zero delay.
    const at = this.clock.now() + Math.max(0, Math.round(ms));
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.cancel(existing.id);
    const id = this.clock.at(at, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { id, at });
  }

  /** AddRateLimited: retry `key` after the rate limiter's delay. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  size(): number {
    return this.pending.size;
  }

  private drain(): void {
    this.timer = undefined;
    this.processing = true;
    const keys = [...this.pending];
    const triggers = this.triggers;
    this.pending.clear();
    this.triggers = new Map();
    const clock = this.clock;
    const outer = clock.causeFrame;
    try {
      for (const key of keys) {
        this.current = key;
        this.readded = false;
        clock.causeFrame = triggers.get(key);
        try {
          this.reconcile(key);
          this.limiter.forget(key);
        } catch (e) {
          if (!isBenign(e)) this.report(key, e);
          this.pending.delete(key);
          this.addRateLimited(key);
        } finally {
          this.current = undefined;
        }
        this.checkHot(key);
      }
    } finally {
      clock.causeFrame = outer;
      this.processing = false;
    }
    if (this.pending.size && this.timer === undefined) this.timer = this.clock.after(this.delayMs, () => this.drain());
  }

  private checkHot(key: string): void {
    if (!this.readded) {
      if (this.streak.delete(key)) this.hotLimiter.forget(key);
      return;
    }
    const n = (this.streak.get(key) ?? 0) + 1;
    this.streak.set(key, n);
    if (n < HOT_LOOP_SYNCS || !this.pending.delete(key)) return;
    this.addAfter(key, this.hotLimiter.when(key));
  }

  private report(key: string, e: unknown): void {
    try {
      this.onError?.(key, e);
    } catch {
      // Reporting is best effort: the retry above is what matters.
    }
  }
}
