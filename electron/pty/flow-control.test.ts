// Flow control pauses above the high watermark of unacknowledged characters and resumes below the low one.
import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './flow-control';

function recorder() {
  const calls: string[] = [];
  return { calls, target: { pause: () => calls.push('pause'), resume: () => calls.push('resume') } };
}

describe('FlowControl', () => {
  it('uses VS Code\'s watermarks by default', () => {
    expect(HIGH_WATERMARK_CHARS).toBe(100_000);
    expect(LOW_WATERMARK_CHARS).toBe(5_000);
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
