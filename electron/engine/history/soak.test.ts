/**
 * Soak: an hour of virtual time of large-object churn (ConfigMaps of 200 KB to 1 MB created,
 * updated and deleted, a Deployment scaled, pods deleted) through the store API. What history
 * retains must stay within its budget and flat, the inputs within theirs, and the cluster must
 * not write in a hot loop. (Retained heap is measured by history/memory.bench.ts in a child
 * process with --expose-gc; vitest's workers have no gc.)
 */
import { describe, expect, it } from 'vitest';
import { engine } from '../testkit';
import { churnStep } from './churn';

const BUDGET = { bytes: 32 * 1024 * 1024, checkpoints: 64, inputBytes: 48 * 1024 * 1024 };
const STEP_MS = 10_000;
const HOUR_MS = 3_600_000;

describe('soak', () => {
  it('keeps history, inputs and the write rate bounded over an hour of big-object churn', () => {
    const e = engine({ nodes: 2, seed: 5, history: BUDGET });
    const log = e.live.log;
    const startFrames = log.length();
    const startTime = e.now();
    const retained: number[] = [];
    let peakWritesPerSecond = 0;
    let lastFrames = startFrames;
    for (let i = 0; i * STEP_MS < HOUR_MS; i++) {
      churnStep(e, i, (k) => 200_000 + ((k * 7919) % 800_000));
      e.advance(STEP_MS);
      peakWritesPerSecond = Math.max(peakWritesPerSecond, (log.length() - lastFrames) / (STEP_MS / 1000));
      lastFrames = log.length();
      if (i % 30 === 29) retained.push(log.retainedBytes());
      // Compaction runs at checkpoints, so between them the log may pass the budget by one
      // interval (budget/16) and one object.
      expect(log.retainedBytes()).toBeLessThanOrEqual(BUDGET.bytes * (1 + 1 / 16) + 1024 * 1024);
    }
    expect(e.now() - startTime).toBeGreaterThanOrEqual(HOUR_MS);
    // Flat: the second half retains no more than the budget, and no more than the first half's peak.
    const half = retained.slice(retained.length >> 1);
    expect(Math.max(...half)).toBeLessThanOrEqual(Math.max(...retained.slice(0, retained.length >> 1)) * 1.25);
    expect(e.timeline.state().first).toBeGreaterThan(0);
    expect(log.checkpointCount()).toBeLessThanOrEqual(BUDGET.checkpoints);
    // The live store holds the churn's three ConfigMaps and kube-root-ca.crt.
    expect(e.store.list('ConfigMap' as never, { namespace: 'default' }).items.length).toBeLessThanOrEqual(4);
    // No hot loop: a couple of nodes, one Deployment and the churn write a few times a second.
    const perSecond = (log.length() - startFrames) / (HOUR_MS / 1000);
    expect(perSecond).toBeLessThan(20);
    expect(peakWritesPerSecond).toBeLessThan(100);
  }, 120_000);
});
