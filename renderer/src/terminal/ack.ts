/**
 * Acknowledges drawn output to the pty host in batches. xterm calls back once per write; sending one
 * IPC message per callback would cost more than the output, so acks are summed and sent when enough
 * piled up, when the terminal has caught up (the caller flushes), or after a short delay at the latest.
 */
export const ACK_BATCH_CHARS = 32 * 1024;
export const ACK_DELAY_MS = 16;

export class AckBatcher {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (chars: number) => void,
    private readonly batchChars = ACK_BATCH_CHARS,
    private readonly delayMs = ACK_DELAY_MS,
  ) {}

  add(chars: number): void {
    if (chars <= 0) return;
    this.pending += chars;
    if (this.pending >= this.batchChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0) return;
    const chars = this.pending;
    this.pending = 0;
    this.send(chars);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = 0;
  }
}
