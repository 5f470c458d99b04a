import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { ClusterState } from './cluster.svelte';

const obj = (kind: string, name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name, resourceVersion: rv } });
const clock = { now: 0, speed: 1, paused: false };

describe('cluster state', () => {
  it('applies a snapshot, then deltas in order, ignoring stale frames', () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 10, clock, objects: [obj('Node', 'a', '1'), obj('Pod', 'p', '2')] });
    state.applyDelta({ frame: 9, clock, changes: [{ type: 'DELETED', object: obj('Node', 'a', '1') }] });
    expect(state.objects.map((o) => o.metadata.name).sort()).toEqual(['a', 'p']);
    state.applyDelta({ frame: 11, clock, changes: [{ type: 'MODIFIED', object: obj('Pod', 'p', '3') }, { type: 'ADDED', object: obj('Node', 'b', '4') }] });
    state.applyDelta({ frame: 12, clock, changes: [{ type: 'DELETED', object: obj('Node', 'a', '1') }] });
    expect(state.objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort()).toEqual(['b@4', 'p@3']);
    expect(state.frame).toBe(12);
  });

  it('tells the story recorded before the snapshot, ahead of what happens after it', () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 3, clock, objects: [obj('Node', 'a', '1')] });
    state.applyDelta({ frame: 4, clock, changes: [{ type: 'ADDED', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } } }] });
    const user = { actor: 'user' as const, name: 'kubectl', detail: 'kubectl create deployment' };
    state.applyBackfill([
      { frame: 1, time: 10, type: 'ADDED', kind: 'Deployment', namespace: 'default', name: 'old', cause: user },
      { frame: 2, time: 20, type: 'MODIFIED', kind: 'Lease', name: 'a', cause: { actor: 'kubelet', name: 'kubelet/a' } },
      // Not before the snapshot: already told by the history.
      { frame: 4, time: 40, type: 'ADDED', kind: 'Deployment', namespace: 'default', name: 'web', cause: user },
    ]);
    expect(state.narration.map((n) => [n.frame, n.key])).toEqual([
      [1, 'frame.added'],
      [4, 'narr.deploymentCreated'],
    ]);
    expect(state.earlierChange).toMatchObject({ frame: 1, params: { kind: 'Deployment', name: 'old' } });
  });
});
