/**
 * Coalesces a pty's output into one message per few milliseconds. A shell prints in many tiny chunks;
 * sending each across two process hops and a WebSocket would cost more than the text itself. Output
 * after a quiet spell goes out at once (a keystroke's echo should not wait), and whatever follows
 * within the interval is batched.
 */
export const BATCH_INTERVAL_MS = 5;
/** Flush early when a batch grows this big, so one message never carries an unbounded string. */
export const MAX_BATCH_CHARS = 64 * 1024;

export interface BatchTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatchTimers = {
  now: () => performance.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class OutputBatcher {
  private chunks: string[] = [];
  private size = 0;
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (data: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly timers: BatchTimers = realTimers,
  ) {}

  push(data: string): void {
    if (!data) return;
    this.chunks.push(data);
    this.size += data.length;
    if (this.size >= MAX_BATCH_CHARS) {
      this.flush();
      return;
    }
    if (this.timer !== undefined) return;
    const quietFor = this.timers.now() - this.lastFlush;
    if (quietFor >= this.intervalMs) this.flush();
    else this.timer = this.timers.set(() => this.flush(), this.intervalMs - quietFor);
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) return;
    this.lastFlush = this.timers.now();
    const data = this.chunks.length === 1 ? (this.chunks[0] ?? '') : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.emit(data);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.size = 0;
  }
}
