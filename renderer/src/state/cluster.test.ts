import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ClusterSnapshot } from '../../../shared/sim/snapshot';
import { createFakeClient } from '../testing/fake-client';
import { committed } from '../testing/fixtures';
import { ClusterState } from './cluster.svelte';

const obj = (kind: string, name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name, resourceVersion: rv } });
const clock = { now: 0, speed: 1, paused: false };

describe('cluster state', () => {
  it('applies a snapshot, then deltas in order, ignoring stale frames', () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 10, clock, objects: [obj('Node', 'a', '1'), obj('Pod', 'p', '2')] });
    state.applyDelta({ frame: 9, clock, changes: [committed('DELETED', obj('Node', 'a', '1'), 9)] });
    expect(state.objects.map((o) => o.metadata.name).sort()).toEqual(['a', 'p']);
    state.applyDelta({ frame: 11, clock, changes: [committed('MODIFIED', obj('Pod', 'p', '3'), 10), committed('ADDED', obj('Node', 'b', '4'), 11)] });
    state.applyDelta({ frame: 12, clock, changes: [committed('DELETED', obj('Node', 'a', '1'), 12)] });
    expect(state.objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort()).toEqual(['b@4', 'p@3']);
    expect(state.frame).toBe(12);
  });

  it('tells the story recorded before the snapshot, ahead of what happens after it', () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 3, clock, objects: [obj('Node', 'a', '1')] });
    state.applyDelta({ frame: 4, clock, changes: [committed('ADDED', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } }, 4)] });
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

  it('reloads when the cluster was re-created, whose frames start over', async () => {
    let snapshot: ClusterSnapshot = { frame: 50, clock, objects: [obj('Node', 'minikube', '1'), obj('Node', 'minikube-m05', '40')] };
    const fake = createFakeClient(snapshot);
    (fake.client.cluster as unknown as { snapshot: () => Promise<ClusterSnapshot> }).snapshot = () => Promise.resolve(snapshot);
    const state = new ClusterState();
    await state.follow(fake.client);
    expect(state.frame).toBe(50);
    snapshot = { frame: 12, clock, objects: [obj('Node', 'minikube', '1'), obj('Node', 'minikube-m02', '9')] };
    fake.pushDelta({ frame: 12, clock, changes: [], reset: true });
    await vi.waitFor(() => expect(state.frame).toBe(12));
    expect(state.objects.map((o) => o.metadata.name).sort()).toEqual(['minikube', 'minikube-m02']);
    // Frames of the new cluster apply from there on.
    fake.pushDelta({ frame: 13, clock, changes: [committed('ADDED', obj('Pod', 'web', '13'))] });
    expect(state.objects.map((o) => o.metadata.name)).toContain('web');
  });

  it('puts markers for frames before the snapshot, and shows such a frame from the cache once filled back', async () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 30, clock: { ...clock, now: 3000 }, objects: [obj('Node', 'a', '1')] });
    state.applyBackfill([
      { frame: 12, time: 1200, type: 'MODIFIED', kind: 'Node', name: 'a', cause: { actor: 'controller', name: 'node-lifecycle-controller' }, summary: { kind: 'node', readyBefore: 'True', ready: 'Unknown', taintsAdded: [], taintsRemoved: [], unschedulable: false, unschedulableBefore: false } },
    ]);
    expect(state.earlierMarkers).toEqual([{ frame: 12, time: 1200, kind: 'nodeFailed', name: 'a' }]);
    expect(state.firstFrame).toBe(12);
    expect(state.narration[0]).toMatchObject({ key: 'narr.nodeNotReady', params: { node: 'a' } });
    const fake = createFakeClient({ frame: 30, clock, objects: [] });
    (fake.client.timeline as unknown as { window: () => Promise<unknown> }).window = () =>
      Promise.resolve({ from: 12, time: 1200, objects: [obj('Node', 'a', '0'), obj('Pod', 'gone', '11')], changes: [committed('DELETED', obj('Pod', 'gone', '11'), 20, 2000), committed('MODIFIED', obj('Node', 'a', '1'), 30, 3000)] });
    expect(await state.cacheBack(fake.client, 12)).toBe(true);
    state.viewing = 12;
    expect(state.shown.map((o) => o.metadata.name)).toEqual(['a', 'gone']);
    expect(state.shownTime).toBe(1200);
    state.viewing = null;
    expect(state.shown.map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('tells views which changes came since they last looked, until objects are replaced wholesale', () => {
    const state = new ClusterState();
    state.applySnapshot({ frame: 1, clock, objects: [obj('Node', 'a', '1')] });
    const seen = state.changeSeq;
    const change = committed('ADDED', obj('Pod', 'p', '2'));
    state.applyDelta({ frame: 2, clock, changes: [change] });
    state.applyDelta({ frame: 3, clock, changes: [] });
    expect(state.changesSince(seen)).toEqual([change]);
    expect(state.changesSince(state.changeSeq)).toEqual([]);
    state.applySnapshot({ frame: 9, clock, objects: [] });
    expect(state.changesSince(seen)).toBeUndefined();
  });
});
