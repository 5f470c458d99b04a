/**
 * Hands a shell's output to xterm at the pace xterm parses it, and reports what was drawn for flow
 * control. Only a little is in xterm's hands at a time; the rest waits here, where a flood can be
 * fast-forwarded (fast-forward.ts) instead of parsed line by line. The next slice is handed over from
 * a message task rather than from xterm's write callback: xterm continues its work with setTimeout,
 * and browsers slow down deeply nested timers to 4 ms each, which would idle the page under a flood.
 */
import { skippablePrefix } from './fast-forward';
import { VtGroundTracker } from './vt-ground';

/** The part of xterm's Terminal the feed uses. */
export interface FeedTerminal {
  write(data: string, callback: () => void): void;
  readonly rows: number;
  readonly options: { readonly scrollback?: number | undefined };
  readonly modes: { readonly insertMode: boolean };
  readonly buffer: { readonly active: { readonly type: string; readonly cursorX: number; readonly viewportY: number; readonly baseY: number } };
}

/** Characters handed to xterm at once, and at most in its hands. */
export const SLICE_CHARS = 16 * 1024;
export const IN_FLIGHT_CHARS = 64 * 1024;

export class TerminalFeed {
  private queue: string[] = [];
  private queued = 0;
  private inFlight = 0;
  private triedAt = -1;
  private readonly tracker = new VtGroundTracker();
  private readonly wake = new MessageChannel();
  private woken = false;
  private drained: (() => void)[] = [];
  private disposed = false;
  /** Characters skipped by fast-forwarding (for diagnostics and tests). */
  skipped = 0;

  constructor(
    private readonly term: FeedTerminal,
    /** Characters drawn (or skipped); `idle` when nothing is left to draw. */
    private readonly drawn: (chars: number, idle: boolean) => void,
  ) {
    this.wake.port1.onmessage = () => {
      this.woken = false;
      this.pump();
    };
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
  }

  private pump(): void {
    if (this.disposed) return;
    if (this.inFlight === 0) this.fastForward();
    while (this.queued > 0 && this.inFlight < IN_FLIGHT_CHARS) {
      const slice = this.take(SLICE_CHARS);
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

  /** Drops what would scroll out unseen, when xterm has parsed all it has and is in a state that allows it. */
  private fastForward(): void {
    const buffer = this.term.buffer.active;
    const shape = { rows: this.term.rows, scrollback: this.term.options.scrollback ?? 1000 };
    // Worth a look only with more lines waiting than the buffer holds, and once per new arrival.
    if (this.queued < (shape.rows + shape.scrollback) * 2 || this.queued === this.triedAt) return;
    this.triedAt = this.queued;
    if (!this.tracker.inGround || this.tracker.scrollMarginsSet || this.term.modes.insertMode) return;
    if (buffer.type !== 'normal' || buffer.cursorX !== 0 || buffer.viewportY !== buffer.baseY) return;
    const backlog = this.queue.length === 1 ? this.queue[0]! : this.queue.join('');
    const cut = skippablePrefix(backlog, shape);
    this.queue = cut ? [backlog.slice(cut)] : [backlog];
    if (!cut) return;
    this.queued -= cut;
    this.triedAt = -1;
    this.skipped += cut;
    this.drawn(cut, false);
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
