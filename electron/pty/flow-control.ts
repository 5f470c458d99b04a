/**
 * Flow control for one pty (VS Code's scheme): count characters sent to the renderer but not yet
 * acknowledged from xterm's write callback; pause the pty above the high watermark and resume it
 * below the low one. This keeps a `cat` of a huge file from flooding the renderer's memory and
 * event loop, without ever dropping output: a paused pty simply stops reading, and the program blocks.
 */
// VS Code pauses at 100k and resumes at 5k. Ours is wider because the renderer fast-forwards a flood
// (renderer/src/terminal/fast-forward.ts), which needs a backlog longer than xterm's whole buffer
// (1,000 lines of scrollback plus the screen, of up to ~500 characters each) before it can skip
// anything; and the low mark is half the high one, so the pty resumes while the renderer still has
// work, instead of stopping and waiting for it to run dry.
export const HIGH_WATERMARK_CHARS = 1_000_000;
export const LOW_WATERMARK_CHARS = 500_000;

export interface Pausable {
  pause(): void;
  resume(): void;
}

export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly target: Pausable,
    private readonly high = HIGH_WATERMARK_CHARS,
    private readonly low = LOW_WATERMARK_CHARS,
  ) {
    if (low >= high) throw new Error('the low watermark must be below the high one');
  }

  /** Characters were sent towards the renderer. */
  sent(chars: number): void {
    this.unacked += chars;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      this.target.pause();
    }
  }

  /** The renderer drew `chars` characters. Acks beyond what was sent are ignored (never go negative). */
  acknowledged(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      this.target.resume();
    }
  }

  /** Forget what is outstanding (the renderer that owed the acks is gone) and let the pty run. */
  reset(): void {
    this.unacked = 0;
    if (this.paused) {
      this.paused = false;
      this.target.resume();
    }
  }

  get unacknowledged(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
