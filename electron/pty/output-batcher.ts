/**
 * Coalesces a pty's output into one message per few milliseconds. A shell prints in many tiny chunks;
 * sending each across two process hops and a WebSocket would cost more than the text itself.
 */
export const BATCH_INTERVAL_MS = 5;
/** Flush early when a batch grows this big, so one message never carries an unbounded string. */
export const MAX_BATCH_CHARS = 64 * 1024;

export interface BatchTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatchTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class OutputBatcher {
  private chunks: string[] = [];
  private size = 0;
  private timer: unknown;

  constructor(
    private readonly emit: (data: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly timers: BatchTimers = realTimers,
  ) {}

  push(data: string): void {
    if (!data) return;
    this.chunks.push(data);
    this.size += data.length;
    if (this.size >= MAX_BATCH_CHARS) this.flush();
    else if (this.timer === undefined) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) return;
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
