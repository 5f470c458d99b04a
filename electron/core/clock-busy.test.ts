// The clock driver under load: a budget-limited engine makes virtual time lag, the driver says it
// is busy (its state says so, for the clock bar), and nothing the engine throws escapes a tick.
import { describe, expect, it } from 'vitest';
import type { AdvanceBudget } from '../engine/api';
import { createClockDriver, type WallTimers } from './clock-driver';

function fakeWall() {
  let wall = 0;
  let tick: (() => void) | undefined;
  const timers: WallTimers = { now: () => wall, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => (tick = undefined) };
  return { timers, pass: (ms: number) => ((wall += ms), tick?.()) };
}

describe('clock driver under load', () => {
  it('reports busy while advances stop at their budget, and clears it once they keep up', () => {
    let now = 0;
    let slow = true;
    const budgets: (AdvanceBudget | undefined)[] = [];
    const engine = {
      now: () => now,
      advance: (ms: number, budget?: AdvanceBudget) => {
        budgets.push(budget);
        const reached = slow ? Math.floor(ms / 4) : ms;
        now += reached;
        return reached;
      },
      stepToNextEvent: () => false,
    };
    const wall = fakeWall();
    const clock = createClockDriver(engine, { timers: wall.timers });
    const seen: boolean[] = [];
    clock.onChange((state) => seen.push(state.busy === true));
    clock.start();
    for (let i = 0; i < 20; i++) wall.pass(50);
    expect(clock.busy()).toBe(true);
    expect(now).toBeLessThan(500);
    expect(budgets.every((b) => b?.maxFrames !== undefined && b.maxTasks !== undefined)).toBe(true);
    slow = false;
    for (let i = 0; i < 25; i++) wall.pass(50);
    expect(clock.busy()).toBe(false);
    // The state changed twice: busy on, then off.
    expect(seen).toEqual([true, false]);
    expect(clock.state().busy).toBeUndefined();
    clock.dispose();
  });

  it('a throwing engine never escapes a tick; the error goes to the sink and time goes on', () => {
    let now = 0;
    let calls = 0;
    const lines: string[] = [];
    const engine = {
      now: () => now,
      advance: (ms: number) => {
        if (++calls === 2) throw new RangeError('Invalid time value');
        now += ms;
        return ms;
      },
      stepToNextEvent: () => false,
    };
    const wall = fakeWall();
    const clock = createClockDriver(engine, { timers: wall.timers, errorSink: (l) => lines.push(l) });
    clock.start();
    expect(() => {
      for (let i = 0; i < 3; i++) wall.pass(50);
    }).not.toThrow();
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain('Invalid time value');
    expect(now).toBe(100);
    clock.dispose();
  });

  it('forwards the engine\'s caught errors to the sink', () => {
    let listener: ((e: { time: number; component: string; message: string }) => void) | undefined;
    const engine = { now: () => 0, advance: (ms: number) => ms, stepToNextEvent: () => false, onError: (l: typeof listener) => ((listener = l), () => (listener = undefined)) };
    const lines: string[] = [];
    const clock = createClockDriver(engine as never, { timers: fakeWall().timers, errorSink: (l) => lines.push(l) });
    listener?.({ time: 1500, component: 'default-scheduler', message: 'boom' });
    expect(lines).toEqual(['kubelab engine: default-scheduler: boom (at 1.500s virtual)']);
    clock.dispose();
    expect(listener).toBeUndefined();
  });
});
