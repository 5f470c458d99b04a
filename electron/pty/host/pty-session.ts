/**
 * One shell inside the pty host: node-pty's process plus output batching and flow control. It knows
 * nothing about transports; it reports batched output and its exit through callbacks.
 */
import { FlowControl } from '../flow-control';
import { OutputBatcher } from '../output-batcher';

/** The part of node-pty's IPty a session uses (so tests can drive a fake). */
export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string) => void): { dispose(): void };
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

/**
 * A paused pty with no acknowledgement for this long is released: the renderer that owed the acks
 * lost the output (a dropped connection, a closed window), and would otherwise wait forever.
 */
export const STALL_RELEASE_MS = 10_000;
export const EXIT_DRAIN_MS = 50;

export interface SessionEvents {
  data(data: string): void;
  exit(exitCode: number, signal: number | undefined): void;
}

export class PtySession {
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowControl;
  private exited = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pty: PtyProcess,
    events: SessionEvents,
  ) {
    this.flow = new FlowControl(pty);
    this.batcher = new OutputBatcher((data) => {
      this.flow.sent(data.length);
      if (this.flow.isPaused) this.armStallRelease();
      events.data(data);
    });
    pty.onData((data) => this.batcher.push(data));
    pty.onExit(({ exitCode, signal }) => {
      this.exited = true;
      // node-pty can report the exit before the last output was read: let it drain (unpaused) a
      // moment, so output written before the exit reaches the renderer ahead of the exit notice.
      this.flow.reset();
      setTimeout(() => {
        this.batcher.flush();
        events.exit(exitCode, signal || undefined);
      }, EXIT_DRAIN_MS);
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  get paused(): boolean {
    return this.flow.isPaused;
  }

  write(data: string): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The pty can close between the check and the call; a late resize is harmless to drop.
    }
  }

  ack(chars: number): void {
    this.flow.acknowledged(chars);
    if (this.flow.isPaused) this.armStallRelease();
    else this.clearStallRelease();
  }

  private armStallRelease(): void {
    this.clearStallRelease();
    this.stallTimer = setTimeout(() => this.flow.reset(), STALL_RELEASE_MS);
  }

  private clearStallRelease(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  kill(): void {
    this.batcher.flush();
    if (this.exited) return;
    try {
      this.pty.kill();
    } catch {
      // Already gone.
    }
  }

  dispose(): void {
    this.clearStallRelease();
    this.batcher.dispose();
  }
}
