/**
 * Moves the engine's virtual clock along with wall time. The engine itself never reads the wall clock
 * (it must replay exactly), so this driver, outside it, measures real elapsed time and calls
 * engine.advance(elapsed × speed) on a short interval, or not at all while paused.
 *
 * Each advance gets a work budget, so a tick stays short whatever the cluster holds and the API
 * server, watches and terminal keep answering; when the budget stops an advance early, virtual time
 * lags behind the speed the user set, and the driver says so (busy). Nothing thrown by the engine
 * ends the process: a tick catches it and reports it, and time goes on with the next tick.
 */
import type { ClockState } from '../../shared/sim/snapshot';
import { MAX_SPEED, MIN_SPEED } from '../../shared/ipc/services/clock';
import type { AdvanceBudget, Engine } from '../engine/api';
import { formatEngineError, type EngineError } from '../engine/util/crash';

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
  /** True while virtual time runs slower than the set speed because the engine is out of budget. */
  busy(): boolean;
  onBusyChange(listener: (busy: boolean, speed: number) => void): () => void;
  /** Begin following wall time. Until then the clock only moves by step(). */
  start(): void;
  dispose(): void;
}

/** Real time that a single tick may catch up on, so a stalled event loop does not cause a huge jump. */
const MAX_CATCH_UP_MS = 250;

/**
 * Work per tick. The frame budget adapts to what a frame costs on this machine and in this
 * cluster (tens to a hundred-odd µs per store write): it grows while ticks stay under TARGET_TICK_MS
 * and shrinks in proportion when one goes over, within [MIN_FRAMES, MAX_FRAMES]. Each advance
 * records the budget it was given, so replay is exact whatever the wall clock did.
 */
export const TICK_BUDGET: AdvanceBudget = { maxTasks: 20_000, maxFrames: 1_000 };
const TARGET_TICK_MS = 25;
const MIN_FRAMES = 50;
const MAX_FRAMES = 20_000;

/** Busy is judged over this many ticks (1 s at 50 ms), entered at half of them lagging, left at none. */
const BUSY_WINDOW = 20;

/** What the driver needs of an engine (a fake may return nothing from advance: no lag). */
export interface DrivenEngine {
  now(): number;
  /** Wall-clock epoch ms of virtual 0, passed on in ClockState so the UI shows the cluster's clock. */
  anchorMs?(): number;
  advance(ms: number, budget?: AdvanceBudget): number | void;
  stepToNextEvent(): boolean;
  /** Failures the engine caught; the driver sends them to its error sink (stderr). */
  onError?(listener: (error: EngineError) => void): () => void;
}

export interface ClockDriverOptions {
  speed?: number;
  paused?: boolean;
  tickMs?: number;
  timers?: WallTimers;
  budget?: AdvanceBudget;
  /** Where error lines go; stderr by default. */
  errorSink?: (line: string) => void;
}

export function createClockDriver(engine: DrivenEngine | Pick<Engine, 'now' | 'advance' | 'stepToNextEvent'>, options: ClockDriverOptions = {}): ClockDriver {
  const timers = options.timers ?? realTimers;
  const tickMs = options.tickMs ?? 50;
  const listeners = new Set<(state: ClockState) => void>();
  let speed = clampSpeed(options.speed ?? 1);
  let paused = options.paused ?? false;
  let last = timers.now();
  let carry = 0;
  const fixed = options.budget;
  let frames = TICK_BUDGET.maxFrames!;
  const budgetNow = (): AdvanceBudget => fixed ?? { maxTasks: TICK_BUDGET.maxTasks!, maxFrames: frames };
  /** Adapts the frame budget to the wall time the last budgeted advance took. */
  const adapt = (wallMs: number, lagging: boolean) => {
    if (fixed) return;
    if (wallMs > TARGET_TICK_MS) frames = Math.max(MIN_FRAMES, Math.floor((frames * TARGET_TICK_MS) / wallMs));
    else if (lagging) frames = Math.min(MAX_FRAMES, Math.ceil(frames * 1.25));
  };
  const sink = options.errorSink ?? ((line: string) => console.error(line));
  const report = (line: string) => {
    try {
      sink(line);
    } catch {
      // Nowhere left to report to; the tick goes on.
    }
  };
  const stopErrors = (engine as DrivenEngine).onError?.((e) => report(formatEngineError(e)));
  const busyListeners = new Set<(busy: boolean, speed: number) => void>();
  const lagged: boolean[] = [];
  let busy = false;
  const noteLag = (lagging: boolean) => {
    lagged.push(lagging);
    if (lagged.length > BUSY_WINDOW) lagged.shift();
    const count = lagged.reduce((n, x) => n + (x ? 1 : 0), 0);
    const next = busy ? count > 0 : count * 2 >= BUSY_WINDOW;
    if (next === busy) return;
    busy = next;
    for (const l of busyListeners) l(busy, speed);
    emit();
  };
  /** engine.advance, guarded: cluster content must never end the process through a tick. */
  const advance = (ms: number, withBudget?: AdvanceBudget): number => {
    try {
      const reached = engine.advance(ms, withBudget);
      return typeof reached === 'number' ? reached : ms;
    } catch (e) {
      report(`kubelab clock: advance failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return ms;
    }
  };

  const anchorOf = (engine as DrivenEngine).anchorMs;
  const state = (): ClockState => ({ now: engine.now(), ...(anchorOf ? { anchorMs: anchorOf.call(engine) } : {}), speed, paused, ...(busy ? { busy } : {}) });
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
    if (whole <= 0) return;
    // Time the budget left unreached is dropped, not owed: a busy cluster runs slower, it does not
    // build up a backlog that would keep it busy after the load is gone.
    const started = timers.now();
    const reached = advance(whole, budgetNow());
    adapt(timers.now() - started, reached < whole);
    noteLag(reached < whole);
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
      // A paused clock lags behind nothing.
      lagged.length = 0;
      if (busy) {
        busy = false;
        for (const l of busyListeners) l(false, speed);
      }
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
      if (ms === undefined) {
        try {
          engine.stepToNextEvent();
        } catch (e) {
          report(`kubelab clock: step failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      } else advance(ms);
      return emit();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    busy: () => busy,
    onBusyChange(listener) {
      busyListeners.add(listener);
      return () => busyListeners.delete(listener);
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
      busyListeners.clear();
      stopErrors?.();
    },
  };
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}
