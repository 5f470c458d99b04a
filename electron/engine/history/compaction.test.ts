/**
 * The history budget: with a small budget the earliest frame moves forward, seeks before it show
 * it, recent frames keep full resolution, the hash and replay stay exact, and once the inputs'
 * own budget is spent the past stays viewable while a change there is refused cleanly.
 */
import { describe, expect, it } from 'vitest';
import { StatusError } from '../api';
import { engine, scale } from '../testkit';
import { bigConfigMap, churnStep, createConfigMap, deleteConfigMap } from './churn';

const SMALL = { bytes: 4 * 1024 * 1024, checkpoints: 8 };

function churn(history: typeof SMALL & { inputBytes?: number }, steps: number) {
  const e = engine({ nodes: 2, seed: 3, history });
  for (let i = 0; i < steps; i++) {
    churnStep(e, i, () => 200_000);
    e.advance(10_000);
  }
  return e;
}

describe('history budget', () => {
  it('compacts the oldest history and keeps the rest exact', () => {
    const e = churn(SMALL, 60);
    const log = e.live.log;
    const state = e.timeline.state();
    expect(state.first).toBeGreaterThan(0);
    expect(log.retainedBytes()).toBeLessThanOrEqual(SMALL.bytes * 1.2);
    expect(log.checkpointCount()).toBeLessThanOrEqual(SMALL.checkpoints);
    // Before the earliest frame: clamped, not an error.
    const snap = e.timeline.seek(1);
    expect(snap.frame).toBe(state.first);
    expect(e.timeline.frames(1, 5)).toEqual([]);
    expect(e.timeline.frames(state.first! - 2, 5)[0]!.frame).toBe(state.first! + 1);
    expect(() => log.stateAt(state.first! - 1)).toThrow(RangeError);
    // Every kept frame is reachable, and stepping keeps full resolution.
    e.timeline.seek(state.first! + 3);
    expect(e.timeline.stepBack().frame).toBe(state.first! + 2);
    e.timeline.live();
    // The same inputs give the same log, compaction included.
    expect(churn(SMALL, 60).logHash()).toBe(e.logHash());
  });

  it('forks from a frame after the earliest one exactly like a fresh run', () => {
    const e = churn(SMALL, 40);
    const at = e.timeline.state().first! + 20;
    e.timeline.seek(at);
    scale(e, 'churn', 4);
    expect(e.timeline.state().length).toBe(at + 1);
    e.advance(30_000);
    const hash = e.logHash();
    // A fresh run forked at the same frame agrees.
    const f = churn(SMALL, 40);
    f.timeline.seek(at);
    scale(f, 'churn', 4);
    f.advance(30_000);
    expect(f.logHash()).toBe(hash);
  });

  it('refuses a fork once the inputs were dropped, and keeps the past viewable', () => {
    const e = churn({ ...SMALL, inputBytes: 1024 * 1024 }, 20);
    const state = e.timeline.state();
    expect(state.forkable).toBe(false);
    e.timeline.seek(state.length - 10);
    let error: unknown;
    try {
      createConfigMap(e, bigConfigMap('late', 10, 1));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).status.code).toBe(409);
    e.timeline.live();
    deleteConfigMap(e, 'cm-19');
    expect(e.timeline.state().viewing).toBeNull();
  });
});
