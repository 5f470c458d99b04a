// Output is coalesced per ~5 ms, in order, and flushed early when a batch grows large.
import { describe, expect, it } from 'vitest';
import { BATCH_INTERVAL_MS, MAX_BATCH_CHARS, OutputBatcher, type BatchTimers } from './output-batcher';

function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let seq = 0;
  const timers: BatchTimers = {
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
  return { timers, pending, fire };
}

describe('OutputBatcher', () => {
  it('joins chunks that arrive within one interval into one emit', () => {
    const { timers, pending, fire } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), BATCH_INTERVAL_MS, timers);
    batcher.push('a');
    batcher.push('b');
    batcher.push('c');
    expect(out).toEqual([]);
    expect([...pending.values()].map((t) => t.ms)).toEqual([5]);
    fire();
    expect(out).toEqual(['abc']);
    batcher.push('d');
    fire();
    expect(out).toEqual(['abc', 'd']);
  });

  it('flushes at once when a batch reaches the size limit', () => {
    const { timers, pending } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), 5, timers);
    batcher.push('x'.repeat(MAX_BATCH_CHARS - 1));
    batcher.push('yy');
    expect(out.map((d) => d.length)).toEqual([MAX_BATCH_CHARS + 1]);
    expect(pending.size).toBe(0);
  });

  it('emits nothing for empty input and nothing after dispose', () => {
    const { timers, fire } = manualTimers();
    const out: string[] = [];
    const batcher = new OutputBatcher((d) => out.push(d), 5, timers);
    batcher.push('');
    batcher.flush();
    batcher.push('lost');
    batcher.dispose();
    fire();
    expect(out).toEqual([]);
  });
});
