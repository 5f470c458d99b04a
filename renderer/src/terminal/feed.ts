/**
 * Hands a shell's output to xterm at the pace xterm parses it, and reports what was drawn for flow
 * control. Only a little is in xterm's hands at a time; the rest waits here, where a flood can be
 * fast-forwarded (fast-forward.ts) instead of parsed line by line.
 *
 * Once a flood is being fast-forwarded, xterm gets a frame's worth at a time and the rest waits to
 * be skipped: in a flood, parsing text that will scroll out unseen is most of what the page does,
 * and on a two-core machine it takes the CPU the shell's own pipeline needs. Pacing ends as soon as
 * the stream can no longer be skipped, so escape-heavy output is never slowed down by it.
 *
 * The next slice is handed over from a message task rather than from xterm's write callback: xterm
 * continues its work with setTimeout, and browsers slow down deeply nested timers to 4 ms each,
 * which would idle the page under a flood.
 */
import { scanBacklog } from './fast-forward';
import { VtGroundTracker } from './vt-ground';

/** The part of xterm's Terminal the feed uses. */
export interface FeedTerminal {
  write(data: string, callback: () => void): void;
  readonly rows: number;
  readonly options: { readonly scrollback?: number | undefined };
  readonly modes: { readonly insertMode: boolean };
  readonly buffer: { readonly active: { readonly type: string; readonly cursorX: number; readonly viewportY: number; readonly baseY: number } };
}

export interface FeedLimits {
  /** Characters handed to xterm at once. */
  sliceChars: number;
  /** Characters at most in xterm's hands. */
  inFlightChars: number;
  /** While a flood is fast-forwarded: what xterm gets per frame (a few milliseconds of parsing). */
  frameBudgetChars: number;
  frameMs: number;
  /** A backlog this big is worth a fast-forward attempt even before one has succeeded. */
  attemptBacklogChars: number;
  /** A plain backlog this big that still cannot be cut has lines too long to skip: pacing stops. */
  giveUpChars: number;
}

export const FEED_LIMITS: FeedLimits = {
  sliceChars: 16 * 1024,
  inFlightChars: 64 * 1024,
  frameBudgetChars: 64 * 1024,
  frameMs: 16,
  attemptBacklogChars: 128 * 1024,
  giveUpChars: 512 * 1024,
};

/** The clock and timer the frame pacing uses, injectable for tests. */
export interface FeedClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const realClock: FeedClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TerminalFeed {
  private queue: string[] = [];
  private queued = 0;
  private inFlight = 0;
  /** The backlog's size at the last fast-forward attempt that found nothing to skip (-1: none since). */
  private triedAt = -1;
  /** A flood is being skipped, so xterm gets a frame's worth at a time. */
  private pacing = false;
  private windowStart = Number.NEGATIVE_INFINITY;
  private handedInWindow = 0;
  private frameTimer: unknown;
  private readonly tracker = new VtGroundTracker();
  private readonly wake = new MessageChannel();
  private woken = false;
  private drained: (() => void)[] = [];
  private disposed = false;
  private readonly limits: FeedLimits;
  private readonly clock: FeedClock;
  /** Characters skipped by fast-forwarding (for diagnostics and tests). */
  skipped = 0;

  constructor(
    private readonly term: FeedTerminal,
    /** Characters drawn (or skipped); `idle` when nothing is left to draw. */
    private readonly drawn: (chars: number, idle: boolean) => void,
    options: { limits?: Partial<FeedLimits>; clock?: FeedClock } = {},
  ) {
    this.limits = { ...FEED_LIMITS, ...options.limits };
    this.clock = options.clock ?? realClock;
    this.wake.port1.onmessage = () => {
      this.woken = false;
      this.pump();
    };
  }

  /** True while xterm is paced because a flood is being skipped. */
  get fastForwarding(): boolean {
    return this.pacing;
  }

  push(data: string): void {
    if (this.disposed || !data) return;
    this.queue.push(data);
    this.queued += data.length;
    this.pump();
  }

  /** Runs `fn` once everything pushed so far has been drawn (e.g. a notice that must come last). */
  afterDrain(fn: () => void): void {
    if (this.queued === 0 && this.inFlight === 0) fn();
    else this.drained.push(fn);
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.queued = 0;
    this.drained = [];
    this.wake.port1.close();
    if (this.frameTimer !== undefined) this.clock.clearTimer(this.frameTimer);
    this.frameTimer = undefined;
  }

  private pump(): void {
    if (this.disposed || this.frameTimer !== undefined) return;
    if (this.queued === 0) {
      // Caught up. Pacing stays on: a flood arrives in bursts, and the next one is skipped the same way.
      this.triedAt = -1;
      return;
    }
    if (this.inFlight === 0) this.fastForward();
    // A big backlog: let xterm finish what it has (a few milliseconds), so that the next pump can try.
    else if (!this.pacing && this.worthAnAttempt()) return;
    while (this.queued > 0 && this.inFlight < this.limits.inFlightChars) {
      if (this.pacing && !this.withinFrameBudget()) return;
      const slice = this.take(this.limits.sliceChars);
      this.handedInWindow += slice.length;
      this.inFlight += slice.length;
      this.tracker.feed(slice);
      this.term.write(slice, () => this.onWritten(slice.length));
    }
  }

  private onWritten(chars: number): void {
    if (this.disposed) return;
    this.inFlight -= chars;
    const idle = this.inFlight === 0 && this.queued === 0;
    this.drawn(chars, idle);
    if (idle) {
      const waiting = this.drained;
      this.drained = [];
      for (const fn of waiting) fn();
    } else if (!this.woken) {
      this.woken = true;
      this.wake.port2.postMessage(null);
    }
  }

  /** Not pacing yet: a backlog big enough, and grown enough since the last attempt, to be worth one. */
  private worthAnAttempt(): boolean {
    return this.queued >= this.limits.attemptBacklogChars && (this.triedAt < 0 || this.queued >= this.triedAt * 1.5);
  }

  /** Counts this frame's handing over; once it is spent, the next pump waits for the next frame. */
  private withinFrameBudget(): boolean {
    const now = this.clock.now();
    if (now - this.windowStart >= this.limits.frameMs) {
      this.windowStart = now;
      this.handedInWindow = 0;
    }
    if (this.handedInWindow < this.limits.frameBudgetChars) return true;
    this.frameTimer = this.clock.setTimer(() => {
      this.frameTimer = undefined;
      this.pump();
    }, this.limits.frameMs - (now - this.windowStart));
    return false;
  }

  /**
   * Drops what would scroll out unseen, when xterm has parsed all it has and is in a state that
   * allows it. Pacing lasts while the flood can be skipped. It stops when the terminal's state or the
   * text rules a skip out (an escape sequence, the user scrolled up), or when a big plain backlog
   * still has too few lines; xterm then gets everything at full speed again.
   */
  private fastForward(): void {
    const shape = { rows: this.term.rows, scrollback: this.term.options.scrollback ?? 1000 };
    // Worth a look only with more lines waiting than the buffer holds, and once per new arrival.
    if (this.queued < (shape.rows + shape.scrollback) * 2 || this.queued === this.triedAt) return;
    if (!this.skippableState()) {
      this.failedAttempt(false);
      return;
    }
    const backlog = this.queue.length === 1 ? this.queue[0]! : this.queue.join('');
    const { cut, allPlain } = scanBacklog(backlog, shape);
    this.queue = [cut ? backlog.slice(cut) : backlog];
    if (!cut) {
      this.failedAttempt(allPlain && this.queued < this.limits.giveUpChars);
      return;
    }
    this.queued -= cut;
    this.triedAt = -1;
    this.pacing = true;
    this.skipped += cut;
    this.drawn(cut, false);
  }

  private failedAttempt(keepPacing: boolean): void {
    this.triedAt = this.queued;
    if (!keepPacing) this.pacing = false;
  }

  /** xterm is where a skip changes nothing but the skipped lines: see fast-forward.ts. */
  private skippableState(): boolean {
    const buffer = this.term.buffer.active;
    if (!this.tracker.inGround || this.tracker.scrollMarginsSet || this.term.modes.insertMode) return false;
    return buffer.type === 'normal' && buffer.cursorX === 0 && buffer.viewportY === buffer.baseY;
  }

  /** The next slice, ending at a line break when there is one, so xterm stops at column 0. */
  private take(max: number): string {
    const first = this.queue[0]!;
    if (first.length <= max) {
      this.queue.shift();
      this.queued -= first.length;
      return first;
    }
    const lineEnd = first.lastIndexOf('\n', max - 1) + 1;
    const size = lineEnd > max / 2 ? lineEnd : max;
    this.queue[0] = first.slice(size);
    this.queued -= size;
    return first.slice(0, size);
  }
}
