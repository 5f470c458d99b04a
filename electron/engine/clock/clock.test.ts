/**
 * The virtual clock runs timers in (time, scheduling order), skips cancelled ones, and runs timers
 * scheduled by running timers in the same pass when they are due.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { Random } from './random';

describe('VirtualClock', () => {
  it('fires timers in (time, seq) order with cancellations and nested scheduling', () => {
    for (let trial = 0; trial < 50; trial++) {
      const rng = new Random(trial);
      const clock = new VirtualClock();
      const fired: number[] = [];
      const scheduled: { time: number; id: number }[] = [];
      const schedule = (time: number): void => {
        const id = clock.at(time, () => fired.push(id));
        scheduled.push({ time, id });
      };
      for (let i = 0; i < 300; i++) schedule(rng.int(50));
      const cancelled = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const { id } = scheduled[rng.int(scheduled.length)]!;
        clock.cancel(id);
        cancelled.add(id);
      }
      clock.at(10, () => {
        for (let k = 0; k < 20; k++) schedule(10 + rng.int(30));
      });
      clock.runUntil(100);
      const want = scheduled
        .filter((s) => !cancelled.has(s.id))
        .sort((a, b) => a.time - b.time || a.id - b.id)
        .map((s) => s.id);
      expect(fired).toEqual(want);
      expect(clock.now()).toBe(100);
      expect(clock.nextTime()).toBeUndefined();
    }
  });
});
