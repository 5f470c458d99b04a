/**
 * The ReplicaSet controller's slowStartBatch (pkg/controller/replicaset: batches of 1, 2, 4, ...
 * pods, stopping at the first batch with a failure, at most burstReplicas = 500 per sync), spread
 * over clock tasks of at most CHUNK creates each. Upstream runs a batch's creates in parallel
 * goroutines within one sync and records expectations (ExpectCreations) so that no sync acts on the
 * ReplicaSet again until its creations are observed; here, while a run is in progress its
 * ReplicaSet is likewise "waiting for expectations", and one timer task never creates more than
 * CHUNK pods, so an advance budget can stop between chunks and a 100k-replica scale-up cannot hold
 * the clock (and the API server behind it) for one long task.
 */
import type { TimerId, VirtualClock } from '../clock/clock';

export const BURST_REPLICAS = 500;
/** Creates per clock task. */
export const CHUNK = 32;

/** What one create did: created, failed (stop after this batch), or the ReplicaSet is gone (stop now). */
export type CreateResult = 'created' | 'failed' | 'gone';

interface Run {
  remaining: number;
  batch: number;
  done: number;
  failed: boolean;
  create: () => CreateResult;
  timer: TimerId;
}

export class SlowStartCreator {
  private runs = new Map<string, Run>();

  constructor(
    private clock: VirtualClock,
    /** A run ended (all created, a batch failed, or the ReplicaSet went): sync the key again. */
    private onDone: (key: string) => void,
    /** A create threw something unexpected: the run ends and the key is retried with back-off. */
    private onError: (key: string, error: unknown) => void,
  ) {}

  /** True while creations for `key` are in flight (its expectations are not yet satisfied). */
  pending(key: string): boolean {
    return this.runs.has(key);
  }

  start(key: string, count: number, create: () => CreateResult): void {
    if (this.runs.has(key) || count <= 0) return;
    const run: Run = { remaining: Math.min(count, BURST_REPLICAS), batch: 1, done: 0, failed: false, create, timer: 0 };
    this.runs.set(key, run);
    // The first chunk runs in this sync, as upstream's first batch does.
    this.step(key, run);
  }

  cancel(key: string): void {
    const run = this.runs.get(key);
    if (!run) return;
    this.clock.cancel(run.timer);
    this.runs.delete(key);
  }

  /** Up to CHUNK creates, across batch boundaries; then the rest in a later task (same virtual time). */
  private step(key: string, run: Run): void {
    try {
      for (let n = 0; n < CHUNK; n++) {
        const size = Math.min(run.batch, run.remaining);
        const r = run.create();
        if (r === 'gone') return this.finish(key);
        if (r === 'failed') run.failed = true;
        if (++run.done < size) continue;
        // A batch is complete: stop at the first batch with a failure, else double.
        if (run.failed) return this.finish(key);
        run.remaining -= size;
        run.batch *= 2;
        run.done = 0;
        if (run.remaining <= 0) return this.finish(key);
      }
    } catch (e) {
      this.runs.delete(key);
      this.onError(key, e);
      return;
    }
    run.timer = this.clock.after(0, () => this.step(key, run));
  }

  private finish(key: string): void {
    this.runs.delete(key);
    this.onDone(key);
  }
}
