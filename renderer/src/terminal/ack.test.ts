// Acks are summed: sent at once past the batch size, otherwise after a short delay; never lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AckBatcher } from './ack';

describe('AckBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a big batch at once and a small one after the delay', () => {
    const sent: number[] = [];
    const acks = new AckBatcher((n) => sent.push(n), 100, 10);
    acks.add(60);
    acks.add(50);
    expect(sent).toEqual([110]);
    acks.add(7);
    expect(sent).toEqual([110]);
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([110, 7]);
  });

  it('accounts for every character acknowledged', () => {
    const sent: number[] = [];
    const acks = new AckBatcher((n) => sent.push(n), 4096, 16);
    let total = 0;
    for (let i = 1; i <= 500; i++) {
      acks.add(i * 3);
      total += i * 3;
    }
    vi.advanceTimersByTime(16);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('ignores empty acks and drops pending ones on dispose', () => {
    const sent: number[] = [];
    const acks = new AckBatcher((n) => sent.push(n), 100, 10);
    acks.add(0);
    acks.add(5);
    acks.dispose();
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]);
  });
});
