// Output is coalesced per ~5 ms, in order, and flushed early when a batch grows large.
import { describe, expect, it } from 'vitest';
import { BATCH_INTERVAL_MS, MAX_BATCH_CHARS, OutputBatcher, type BatchTimers } from './output-batcher';

function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let seq = 0;
  const clock = { now: 1000 };
  const timers: BatchTimers = {
    now: () => clock.now,
    set: (fn, ms) => {
      pending.set(++seq, { fn, ms });
      return seq;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  const fire = () => {
    const all = [...pending.values()];
    pending.clear();
    for (const t of all) t.fn();
  };
  return { timers, pending, fire, clock };
}

describe('OutputBatcher', () => {
  it('sends output after a quiet spell at once, and batches what follows within the interval', () => {
    const { timers, pending, fire, clock } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), BATCH_INTERVAL_MS, timers);
    batcher.push('k');
    expect(out).toEqual(['k']);
    clock.now += 1;
    batcher.push('a');
    batcher.push('b');
    batcher.push('c');
    expect(out).toEqual(['k']);
    expect([...pending.values()].map((t) => t.ms)).toEqual([4]);
    clock.now += 4;
    fire();
    expect(out).toEqual(['k', 'abc']);
    clock.now += 2;
    batcher.push('d');
    expect(out).toEqual(['k', 'abc']);
    clock.now += 3;
    fire();
    expect(out).toEqual(['k', 'abc', 'd']);
    clock.now += 50;
    batcher.push('e');
    expect(out).toEqual(['k', 'abc', 'd', 'e']);
  });

  it('flushes at once when a batch reaches the size limit', () => {
    const { timers, pending } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), 5, timers);
    batcher.push('first');
    batcher.push('x'.repeat(MAX_BATCH_CHARS - 1));
    batcher.push('yy');
    expect(out.map((d) => d.length)).toEqual([5, MAX_BATCH_CHARS + 1]);
    expect(pending.size).toBe(0);
  });

  it('emits nothing for empty input and nothing after dispose', () => {
    const { timers, fire } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), 5, timers);
    batcher.push('');
    batcher.flush();
    batcher.push('first');
    batcher.push('lost');
    batcher.dispose();
    fire();
    expect(out).toEqual(['first']);
  });
});
