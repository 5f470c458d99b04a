/**
 * A controller work queue on the virtual clock: handlers add keys, a timer a few ms later drains
 * them in order (deduplicated, like client-go's workqueue), and keys whose reconcile hit a Conflict
 * are retried with exponential backoff. Reconciles are level-triggered: they read current state.
 */
import { StatusError } from '../api';
import type { TimerId, VirtualClock } from '../clock/clock';

export class WorkQueue {
  private pending = new Set<string>();
  private timer: TimerId | undefined;
  private delayed = new Map<string, { id: TimerId; at: number }>();
  private failures = new Map<string, number>();
  private processing = false;

  constructor(
    private clock: VirtualClock,
    private delayMs: number,
    private reconcile: (key: string) => void,
  ) {}

  add(key: string): void {
    this.pending.add(key);
    if (this.timer === undefined && !this.processing) this.timer = this.clock.after(this.delayMs, () => this.drain());
  }

  /** Adds the key after `ms`; an earlier pending delayed add wins. */
  addAfter(key: string, ms: number): void {
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

  size(): number {
    return this.pending.size;
  }

  private drain(): void {
    this.timer = undefined;
    this.processing = true;
    const keys = [...this.pending];
    this.pending.clear();
    try {
      for (const key of keys) {
        try {
          this.reconcile(key);
          this.failures.delete(key);
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          const n = (this.failures.get(key) ?? 0) + 1;
          this.failures.set(key, n);
          this.addAfter(key, Math.min(5 * 2 ** n, 1000));
        }
      }
    } finally {
      this.processing = false;
    }
    if (this.pending.size && this.timer === undefined) this.timer = this.clock.after(this.delayMs, () => this.drain());
  }
}
