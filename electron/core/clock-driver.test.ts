// The wall-clock driver: virtual time follows wall time × speed, stops when paused, and steps on demand.
import { describe, expect, it } from 'vitest';
import { clampSpeed, createClockDriver, type WallTimers } from './clock-driver';

function fakeEngine() {
  let now = 0;
  const timers = [5_000, 9_000];
  return {
    now: () => now,
    advance: (ms: number) => void (now += ms),
    stepToNextEvent: () => {
      const next = timers.find((t) => t > now);
      if (next === undefined) return false;
      now = next;
      return true;
    },
  };
}

function fakeWall() {
  let wall = 0;
  let tick: (() => void) | undefined;
  const timers: WallTimers = {
    now: () => wall,
    setInterval: (fn) => ((tick = fn), 1),
    clearInterval: () => (tick = undefined),
  };
  return { timers, pass: (ms: number) => ((wall += ms), tick?.()), running: () => tick !== undefined };
}

describe('clock driver', () => {
  it('advances virtual time by wall time × speed, with no drift from rounding', () => {
    const engine = fakeEngine();
    const wall = fakeWall();
    const clock = createClockDriver(engine, { speed: 2.5, timers: wall.timers });
    clock.start();
    for (let i = 0; i < 10; i++) wall.pass(33);
    expect(engine.now()).toBe(825);
    clock.dispose();
    expect(wall.running()).toBe(false);
  });

  it('does not move while paused, and steps to the next event or by a tick', () => {
    const engine = fakeEngine();
    const wall = fakeWall();
    const clock = createClockDriver(engine, { timers: wall.timers });
    clock.start();
    wall.pass(100);
    expect(clock.pause()).toEqual({ now: 100, speed: 1, paused: true });
    wall.pass(1000);
    expect(engine.now()).toBe(100);
    expect(clock.step().now).toBe(5000);
    expect(clock.step(250).now).toBe(5250);
    clock.play();
    wall.pass(50);
    expect(engine.now()).toBe(5300);
  });

  it('caps catch-up after a stalled event loop', () => {
    const engine = fakeEngine();
    const wall = fakeWall();
    createClockDriver(engine, { speed: 10, timers: wall.timers }).start();
    wall.pass(60_000);
    expect(engine.now()).toBe(2500);
  });

  it('notifies listeners and clamps speed to the supported range', () => {
    const clock = createClockDriver(fakeEngine(), { timers: fakeWall().timers });
    const seen: number[] = [];
    clock.onChange((s) => seen.push(s.speed));
    clock.setSpeed(1000);
    clock.setSpeed(0.01);
    expect(seen).toEqual([100, 0.1]);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });
});
