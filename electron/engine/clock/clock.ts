/**
 * Virtual time: integer milliseconds and a timer queue ordered by (time, seq), as VS Code's
 * TimeTravelScheduler. Nothing in the engine reads wall time; time moves only through advance/step.
 */
export type TimerId = number;

interface Timer {
  time: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class VirtualClock {
  private current = 0;
  private seq = 0;
  private heap: Timer[] = [];
  private byId = new Map<number, Timer>();
  /** Guard against runaway zero-delay loops. */
  maxTasksPerAdvance = 5_000_000;

  now(): number {
    return this.current;
  }

  /** Runs fn at now+delay (delay >= 0, rounded to whole ms). */
  after(delayMs: number, fn: () => void): TimerId {
    return this.at(this.current + Math.max(0, Math.round(delayMs)), fn);
  }

  at(time: number, fn: () => void): TimerId {
    const timer: Timer = { time: Math.max(time, this.current), seq: ++this.seq, fn, cancelled: false };
    this.push(timer);
    this.byId.set(timer.seq, timer);
    return timer.seq;
  }

  cancel(id: TimerId | undefined): void {
    if (id === undefined) return;
    const t = this.byId.get(id);
    if (t) {
      t.cancelled = true;
      this.byId.delete(id);
    }
  }

  /** Time of the next live timer, or undefined. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.time;
  }

  pending(): number {
    return this.byId.size;
  }

  /** Runs the next timer, moving the clock to its time. */
  runNext(): boolean {
    this.dropCancelled();
    const t = this.pop();
    if (!t) return false;
    this.byId.delete(t.seq);
    this.current = t.time;
    t.fn();
    return true;
  }

  /**
   * Runs every timer due up to `until`, then sets now to `until`. `shouldStop` is checked after each
   * timer so a replay can stop at an exact point; it returns the time reached.
   */
  runUntil(until: number, shouldStop?: () => boolean): number {
    let tasks = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.time > until) break;
      this.runNext();
      if (++tasks > this.maxTasksPerAdvance) throw new Error('virtual clock: too many tasks in one advance (runaway loop?)');
      if (shouldStop?.()) return this.current;
    }
    if (until > this.current) this.current = until;
    return this.current;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** The virtual clock's epoch: a fixed date, so timestamps are the same on every run. */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** RFC3339 with second precision, as metav1.Time serialises. */
let lastSecond = NaN;
let lastStamp = '';
export function rfc3339(virtualMs: number): string {
  const second = Math.floor(virtualMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = new Date(EPOCH_MS + second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastStamp;
}

/** RFC3339 with microseconds, as metav1.MicroTime (Lease renewTime, eventTime). */
export function rfc3339Micro(virtualMs: number): string {
  return new Date(EPOCH_MS + virtualMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Virtual ms from an RFC3339 timestamp produced by rfc3339. */
export function parseTime(stamp: string | undefined | null): number {
  if (!stamp) return NaN;
  return Date.parse(stamp) - EPOCH_MS;
}
