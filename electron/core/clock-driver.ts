/**
 * Moves the engine's virtual clock along with wall time. The engine itself never reads the wall clock
 * (it must replay exactly), so this driver, outside it, measures real elapsed time and calls
 * engine.advance(elapsed × speed) on a short interval, or not at all while paused.
 */
import type { ClockState } from '../../shared/sim/snapshot';
import { MAX_SPEED, MIN_SPEED } from '../../shared/ipc/services/clock';
import type { Engine } from '../engine/api';

export interface WallTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: WallTimers = {
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface ClockDriver {
  state(): ClockState;
  play(): ClockState;
  pause(): ClockState;
  setSpeed(speed: number): ClockState;
  /** While paused: advance by ms, or to the next scheduled event. */
  step(ms?: number): ClockState;
  onChange(listener: (state: ClockState) => void): () => void;
  /** Begin following wall time. Until then the clock only moves by step(). */
  start(): void;
  dispose(): void;
}

/** Real time that a single tick may catch up on, so a stalled event loop does not cause a huge jump. */
const MAX_CATCH_UP_MS = 250;

export function createClockDriver(engine: Pick<Engine, 'now' | 'advance' | 'stepToNextEvent'>, options: { speed?: number; paused?: boolean; tickMs?: number; timers?: WallTimers } = {}): ClockDriver {
  const timers = options.timers ?? realTimers;
  const tickMs = options.tickMs ?? 50;
  const listeners = new Set<(state: ClockState) => void>();
  let speed = clampSpeed(options.speed ?? 1);
  let paused = options.paused ?? false;
  let last = timers.now();
  let carry = 0;

  const state = (): ClockState => ({ now: engine.now(), speed, paused });
  const emit = () => {
    const current = state();
    for (const listener of listeners) listener(current);
    return current;
  };
  const tick = () => {
    const wall = timers.now();
    const elapsed = Math.min(wall - last, MAX_CATCH_UP_MS);
    last = wall;
    if (paused || elapsed <= 0) return;
    const virtual = elapsed * speed + carry;
    const whole = Math.floor(virtual);
    carry = virtual - whole;
    if (whole > 0) engine.advance(whole);
  };
  let handle: unknown;

  return {
    state,
    play() {
      paused = false;
      last = timers.now();
      return emit();
    },
    pause() {
      tick();
      paused = true;
      carry = 0;
      return emit();
    },
    setSpeed(next) {
      tick();
      speed = clampSpeed(next);
      return emit();
    },
    step(ms) {
      if (!paused) {
        tick();
        paused = true;
      }
      if (ms === undefined) engine.stepToNextEvent();
      else engine.advance(ms);
      return emit();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (handle !== undefined) return;
      last = timers.now();
      handle = timers.setInterval(tick, tickMs);
    },
    dispose() {
      if (handle !== undefined) timers.clearInterval(handle);
      handle = undefined;
      listeners.clear();
    },
  };
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}
