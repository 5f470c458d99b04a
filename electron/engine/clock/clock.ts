/**
 * Virtual time: integer milliseconds and a timer queue ordered by (time, seq), as VS Code's
 * TimeTravelScheduler. Nothing in the engine reads wall time; time moves only through advance/step.
 *
 * Every timestamp the cluster writes (creationTimestamp, conditions, Events, log lines) is on one
 * basis: the clock's anchor (the wall-clock instant virtual 0 stands for, chosen outside the engine
 * when a session starts and recorded with the seed) plus virtual ms. A replay of the same session
 * then writes byte-identical timestamps, and a stored timestamp never moves, paused or at 10×.
 */
export type TimerId = number;

interface Timer {
  time: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
  /** The causing frame when the timer was set (see VirtualClock.causeFrame). */
  causeFrame: number | undefined;
}

/** The anchor when none is given (tests, benchmarks): 2026-01-01T00:00:00Z, so expectations stay fixed. */
export const DEFAULT_ANCHOR_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** What code that writes or reads timestamps needs of the clock. */
export interface TimeBasis {
  now(): number;
  /** Wall-clock epoch ms of a virtual time. */
  wallMs(virtualMs: number): number;
  /** RFC3339 with second precision, as metav1.Time serialises. */
  stamp(virtualMs: number): string;
  /** RFC3339 with microseconds, as metav1.MicroTime (Lease renewTime, eventTime). */
  stampMicro(virtualMs: number): string;
  /** Virtual ms of a stored timestamp (NaN when missing or unparsable). */
  virtualOf(stamp: string | undefined | null): number;
}

export class VirtualClock implements TimeBasis {
  private current = 0;
  private seq = 0;
  /**
   * A binary heap ordered by (time, seq), kept as parallel arrays: the sift loops compare packed
   * numbers instead of loading Timer objects scattered over the heap (10^4 timers in a 5k-node
   * cluster, several cache misses per level otherwise).
   */
  private heap: Timer[] = [];
  private heapTime: number[] = [];
  private heapSeq: number[] = [];
  private byId = new Map<number, Timer>();
  /** Guard against runaway zero-delay loops. */
  maxTasksPerAdvance = 5_000_000;
  /**
   * Where a throwing timer callback is reported. A timer that throws is dropped and the clock goes
   * on (apimachinery's HandleCrash): cluster content must never stop time. The core wires this to
   * its ErrorReporter; unwired, failures are only counted.
   */
  onError: (error: unknown) => void = () => {
    this.uncaught++;
  };
  uncaught = 0;
  /** Timer callbacks run since the clock was made (what an advance budget counts). */
  tasksRun = 0;
  /**
   * The event-log frame whose consequences the running code is working out, or undefined. The
   * clock is the engine's event loop, so it carries this causal context the way an async context
   * does: the store sets it while it delivers a change to informers, a timer set meanwhile keeps
   * it and restores it when it fires, and a work queue restores the frame that queued each key.
   * The store links every write made under it to that frame (Cause.by), so a pod's chain from
   * the user's command to the kubelet starting it is recorded where it happens, in one place.
   */
  causeFrame: number | undefined = undefined;

  /** @param anchorMs wall-clock epoch ms that virtual 0 stands for (an input: never read here). */
  constructor(readonly anchorMs: number = DEFAULT_ANCHOR_MS) {
    if (!Number.isSafeInteger(anchorMs)) throw new RangeError(`virtual clock: invalid anchor ${String(anchorMs)}`);
  }

  now(): number {
    return this.current;
  }

  wallMs(virtualMs: number): number {
    return this.anchorMs + virtualMs;
  }

  private lastSecond = NaN;
  private lastStamp = '';

  stamp(virtualMs: number): string {
    const second = Math.floor((this.anchorMs + virtualMs) / 1000);
    if (second !== this.lastSecond) {
      // Cached per second: 5k leases renew every 10 s and each write stamps several fields.
      this.lastSecond = second;
      this.lastStamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.lastStamp;
  }

  stampMicro(virtualMs: number): string {
    const wall = Math.round(this.anchorMs + virtualMs);
    const frac = wall - Math.floor(wall / 1000) * 1000;
    return `${this.stamp(wall - this.anchorMs).slice(0, -1)}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}000Z`;
  }

  /** RFC3339 with milliseconds (Date.toISOString), for text the simulated programs print. */
  iso(virtualMs: number): string {
    return new Date(this.anchorMs + virtualMs).toISOString();
  }

  virtualOf(stamp: string | undefined | null): number {
    if (!stamp) return NaN;
    return Date.parse(stamp) - this.anchorMs;
  }

  /** Runs fn at now+delay (delay >= 0, rounded to whole ms). */
  after(delayMs: number, fn: () => void): TimerId {
    return this.at(this.current + Math.max(0, Math.round(delayMs)), fn);
  }

  at(time: number, fn: () => void): TimerId {
    // A NaN or infinite due time would corrupt the heap's order for every later timer: refuse it
    // here, in the caller, whose failure is then caught and reported where it belongs.
    if (!Number.isFinite(time)) throw new RangeError(`virtual clock: invalid timer time ${String(time)}`);
    const timer: Timer = { time: Math.max(time, this.current), seq: ++this.seq, fn, cancelled: false, causeFrame: this.causeFrame };
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
    this.tasksRun++;
    const outer = this.causeFrame;
    this.causeFrame = t.causeFrame;
    try {
      t.fn();
    } catch (e) {
      this.report(e);
    } finally {
      this.causeFrame = outer;
    }
    return true;
  }

  private report(e: unknown): void {
    try {
      this.onError(e);
    } catch {
      this.uncaught++;
    }
  }

  /**
   * Runs every timer due up to `until`, then sets now to `until`. `shouldStop` is checked after each
   * timer so a replay can stop at an exact point, and so can a work budget; it returns the time
   * reached (before `until` when stopped).
   */
  runUntil(until: number, shouldStop?: () => boolean): number {
    let tasks = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.time > until) break;
      this.runNext();
      if (++tasks > this.maxTasksPerAdvance) {
        // A runaway zero-delay loop: report it and give the caller back control instead of spinning.
        this.report(new Error('virtual clock: too many tasks in one advance (runaway loop?)'));
        return this.current;
      }
      if (shouldStop?.()) return this.current;
    }
    if (until > this.current) this.current = until;
    return this.current;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private push(t: Timer): void {
    const h = this.heap;
    const T = this.heapTime;
    const S = this.heapSeq;
    let i = h.length;
    h.push(t);
    T.push(t.time);
    S.push(t.seq);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p]! < t.time || (T[p] === t.time && S[p]! < t.seq)) break;
      h[i] = h[p]!;
      T[i] = T[p]!;
      S[i] = S[p]!;
      i = p;
    }
    h[i] = t;
    T[i] = t.time;
    S[i] = t.seq;
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const T = this.heapTime;
    const S = this.heapSeq;
    const top = h[0]!;
    const last = h.pop()!;
    const lastTime = T.pop()!;
    const lastSeq = S.pop()!;
    const n = h.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && (T[r]! < T[l]! || (T[r] === T[l] && S[r]! < S[l]!)) ? r : l;
        if (!(T[m]! < lastTime || (T[m] === lastTime && S[m]! < lastSeq))) break;
        h[i] = h[m]!;
        T[i] = T[m]!;
        S[i] = S[m]!;
        i = m;
      }
      h[i] = last;
      T[i] = lastTime;
      S[i] = lastSeq;
    }
    return top;
  }
}
