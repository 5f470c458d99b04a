import { describe, expect, it } from 'vitest';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import { createEngine } from '../engine';
import { enrichDelta, type EnrichedChange } from './delta-enricher';

describe('delta enricher', () => {
  it('gives every change its own frame, time and cause from the engine timeline', () => {
    const engine = createEngine({ seed: 2, nodes: 2 });
    const deltas: Omit<ClusterDelta, 'clock'>[] = [];
    engine.onDelta((d) => deltas.push(enrichDelta(engine, d)));
    engine.advance(15_000);
    const changes = deltas.flatMap((d) => d.changes as EnrichedChange[]);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change.frame).toBe(Number(change.object.metadata.resourceVersion));
      expect(change.cause?.actor).toBeTruthy();
      expect(typeof change.time).toBe('number');
    }
    expect(changes.map((c) => c.frame)).toEqual([...changes.map((c) => c.frame)].sort((a, b) => a! - b!));
  });

  it('leaves a delta alone when it does not line up with recorded frames', () => {
    const engine = createEngine({ seed: 2, nodes: 1, settleMs: 0 });
    const odd = { frame: 1, changes: [{ type: 'ADDED' as const, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }] };
    expect(enrichDelta(engine, odd)).toBe(odd);
  });
});
