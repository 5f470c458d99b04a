// A session batches a pty's output, pauses it under back-pressure and delivers output before the exit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from '../flow-control';
import { PtySession, STALL_RELEASE_MS, type PtyProcess } from './pty-session';

class FakePty implements PtyProcess {
  readonly pid = 4242;
  paused = false;
  written: string[] = [];
  private dataListener: (data: string) => void = () => undefined;
  private exitListener: (event: { exitCode: number; signal?: number }) => void = () => undefined;
  onData(listener: (data: string) => void) {
    this.dataListener = listener;
    return { dispose: () => undefined };
  }
  onExit(listener: (event: { exitCode: number; signal?: number }) => void) {
    this.exitListener = listener;
    return { dispose: () => undefined };
  }
  emit(data: string) {
    this.dataListener(data);
  }
  exit(exitCode: number) {
    this.exitListener({ exitCode, signal: 0 });
  }
  write(data: string) {
    this.written.push(data);
  }
  resize() {}
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  kill() {}
}

describe('PtySession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends output in batches and pauses the pty when the renderer falls behind', () => {
    const pty = new FakePty();
    const events: string[] = [];
    const session = new PtySession(pty, { data: (d) => events.push(d), exit: () => undefined });
    const chunk = 'x'.repeat(20_000);
    const chunks = Math.ceil(HIGH_WATERMARK_CHARS / chunk.length) + 1;
    for (let i = 0; i < chunks; i++) pty.emit(chunk);
    vi.advanceTimersByTime(5);
    const sent = chunks * chunk.length;
    expect(events.join('').length).toBe(sent);
    expect(pty.paused).toBe(true);
    // Still above the low watermark: stays paused; below it: resumes.
    session.ack(sent - LOW_WATERMARK_CHARS);
    expect(pty.paused).toBe(true);
    session.ack(1);
    expect(pty.paused).toBe(false);
  });

  it('delivers output read before the exit ahead of the exit notice', () => {
    const pty = new FakePty();
    const order: string[] = [];
    new PtySession(pty, { data: (d) => order.push(`data:${d}`), exit: (code) => order.push(`exit:${code}`) });
    pty.emit('bye');
    pty.exit(3);
    pty.emit('late but before the exit');
    expect(order).toEqual(['data:bye']);
    vi.advanceTimersByTime(50);
    expect(order).toEqual(['data:bye', 'data:late but before the exit', 'exit:3']);
  });

  it('drops writes after the shell exited', () => {
    const pty = new FakePty();
    const session = new PtySession(pty, { data: () => undefined, exit: () => undefined });
    session.write('ls\r');
    pty.exit(0);
    session.write('late\r');
    expect(pty.written).toEqual(['ls\r']);
  });

  it('releases a paused pty whose acknowledgements never come (the renderer lost the output)', () => {
    const pty = new FakePty();
    const session = new PtySession(pty, { data: () => undefined, exit: () => undefined });
    pty.emit('x'.repeat(HIGH_WATERMARK_CHARS + 50_000));
    vi.advanceTimersByTime(5);
    expect(pty.paused).toBe(true);
    vi.advanceTimersByTime(STALL_RELEASE_MS - 100);
    session.ack(1000);
    vi.advanceTimersByTime(STALL_RELEASE_MS - 100);
    expect(pty.paused).toBe(true);
    vi.advanceTimersByTime(200);
    expect(pty.paused).toBe(false);
    session.dispose();
  });
});
