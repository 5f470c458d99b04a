// Flow control pauses above the high watermark of unacknowledged characters and resumes below the low one.
import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './flow-control';

function recorder() {
  const calls: string[] = [];
  return { calls, target: { pause: () => calls.push('pause'), resume: () => calls.push('resume') } };
}

describe('FlowControl', () => {
  it('leaves room for a full terminal buffer of lines, and resumes before the renderer runs dry', () => {
    // A full xterm buffer (1,000 lines of scrollback and the screen) of long lines must fit, or the renderer cannot fast-forward.
    expect(HIGH_WATERMARK_CHARS).toBeGreaterThan(1_100 * 400);
    expect(LOW_WATERMARK_CHARS).toBeGreaterThanOrEqual(HIGH_WATERMARK_CHARS / 4);
    expect(LOW_WATERMARK_CHARS).toBeLessThan(HIGH_WATERMARK_CHARS);
  });

  it('pauses only once the unacknowledged count passes the high watermark', () => {
    const { calls, target } = recorder();
    const flow = new FlowControl(target, 100, 10);
    flow.sent(100);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.sent(500);
    expect(calls).toEqual(['pause']);
    expect(flow.unacknowledged).toBe(601);
  });

  it('stays paused between the watermarks and resumes below the low one', () => {
    const { calls, target } = recorder();
    const flow = new FlowControl(target, 100, 10);
    flow.sent(150);
    flow.acknowledged(100);
    expect(flow.isPaused).toBe(true);
    expect(flow.unacknowledged).toBe(50);
    flow.acknowledged(40);
    expect(flow.isPaused).toBe(true);
    flow.acknowledged(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.isPaused).toBe(false);
  });

  it('never counts below zero, so a stray ack cannot disable flow control', () => {
    const { calls, target } = recorder();
    const flow = new FlowControl(target, 100, 10);
    flow.acknowledged(1_000_000);
    expect(flow.unacknowledged).toBe(0);
    flow.sent(101);
    expect(calls).toEqual(['pause']);
  });

  it('rejects watermarks in the wrong order', () => {
    expect(() => new FlowControl(recorder().target, 10, 10)).toThrow();
  });

  it('reset forgets outstanding characters and resumes a paused pty', () => {
    const { calls, target } = recorder();
    const flow = new FlowControl(target, 100, 10);
    flow.sent(500);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacknowledged).toBe(0);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
  });
});
