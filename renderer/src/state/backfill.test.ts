import { describe, expect, it } from 'vitest';
import type { FrameInfo } from '../../../shared/sim/timeline';
import { backfill, isQuietInfo, markerOfInfo, noteOfInfo } from './backfill';

const info = (frame: number, kind: string, name: string, type: FrameInfo['type'], cause: FrameInfo['cause']): FrameInfo => ({ frame, time: frame * 100, type, kind, namespace: 'default', name, cause });
const kubectl = (detail: string) => ({ actor: 'user' as const, name: 'kubectl', detail });

describe('backfill from recorded frames', () => {
  it('skips heartbeats and status bookkeeping', () => {
    expect(isQuietInfo(info(1, 'Lease', 'm02', 'MODIFIED', { actor: 'kubelet', name: 'kubelet/m02', detail: 'renew lease' }))).toBe(true);
    expect(isQuietInfo(info(2, 'Node', 'm02', 'MODIFIED', { actor: 'kubelet', name: 'kubelet/m02', detail: 'node status' }))).toBe(true);
    expect(isQuietInfo(info(3, 'Deployment', 'web', 'MODIFIED', { actor: 'controller', name: 'deployment-controller' }))).toBe(true);
    // The cluster's own bootstrap, and kinds the drawing does not show.
    expect(isQuietInfo(info(3, 'Node', 'm02', 'ADDED', { actor: 'system', name: 'bootstrap' }))).toBe(true);
    expect(isQuietInfo(info(3, 'DaemonSet', 'kube-proxy', 'ADDED', { actor: 'controller', name: 'daemonset-controller' }))).toBe(true);
    // A taint by the node lifecycle controller, a pod bound by the scheduler: the story.
    expect(isQuietInfo(info(4, 'Node', 'm02', 'MODIFIED', { actor: 'controller', name: 'node-lifecycle-controller' }))).toBe(false);
    expect(isQuietInfo(info(5, 'Pod', 'web-1', 'MODIFIED', { actor: 'scheduler', name: 'default-scheduler' }))).toBe(false);
  });

  it('tells what changed, with who did it as detail', () => {
    expect(noteOfInfo(info(6, 'Deployment', 'web', 'ADDED', kubectl('kubectl create deployment')))).toEqual({ key: 'frame.added', params: { kind: 'Deployment', name: 'web' }, detail: 'kubectl: kubectl create deployment' });
    expect(noteOfInfo(info(7, 'Pod', 'web-1', 'DELETED', { actor: 'controller', name: 'replicaset-controller' }))).toMatchObject({ key: 'frame.deleted', detail: 'replicaset-controller' });
  });

  it('marks user scaling and rollouts of a Deployment', () => {
    expect(markerOfInfo(info(8, 'Deployment', 'web', 'MODIFIED', kubectl('kubectl scale')))).toBe('scaling');
    expect(markerOfInfo(info(9, 'Deployment', 'web', 'MODIFIED', kubectl('kubectl set image')))).toBe('rollout');
    expect(markerOfInfo(info(10, 'Deployment', 'web', 'MODIFIED', { actor: 'controller', name: 'deployment-controller' }))).toBeUndefined();
  });

  it('keeps notable frames in order and names the latest', () => {
    const result = backfill([
      info(1, 'Deployment', 'web', 'ADDED', kubectl('kubectl create deployment')),
      info(2, 'Lease', 'm02', 'MODIFIED', { actor: 'kubelet', name: 'kubelet/m02' }),
      info(3, 'Deployment', 'web', 'MODIFIED', kubectl('kubectl scale')),
      info(4, 'Node', 'm02', 'MODIFIED', { actor: 'kubelet', name: 'kubelet/m02' }),
    ]);
    expect(result.notes.map((n) => n.frame)).toEqual([1, 3]);
    expect(result.notes[1]).toEqual({ key: 'timeline.marker.scaling', params: { name: 'web' }, detail: 'kubectl: kubectl scale', frame: 3, time: 300 });
    expect(result.latest).toMatchObject({ frame: 3, key: 'timeline.marker.scaling' });
    expect(backfill([]).latest).toBeUndefined();
  });

  it('tells a node failure before the page opened in the live narration words, with markers', () => {
    const lifecycle = { actor: 'controller' as const, name: 'node-lifecycle-controller' };
    const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
    const node = (frame: number, summary: Partial<Extract<FrameInfo['summary'], { kind: 'node' }>>): FrameInfo => ({
      ...info(frame, 'Node', 'm02', 'MODIFIED', lifecycle),
      summary: { kind: 'node', ready: 'True', taintsAdded: [], taintsRemoved: [], unschedulable: false, unschedulableBefore: false, ...summary },
    });
    const frames = [
      // Joining the cluster: Ready for the first time is no recovery.
      node(1, { readyBefore: 'False', ready: 'True' }),
      node(2, { readyBefore: 'True', ready: 'Unknown' }),
      node(3, { readyBefore: 'Unknown', ready: 'Unknown', taintsAdded: [unreachable] }),
      { ...info(4, 'Pod', 'web-1', 'MODIFIED', { actor: 'controller', name: 'taint-eviction-controller', detail: 'NoExecute taint' }), summary: { kind: 'pod', node: 'm02', evicted: true } } satisfies FrameInfo,
      node(5, { readyBefore: 'Unknown', ready: 'True', taintsRemoved: [unreachable] }),
    ];
    const told = backfill(frames);
    expect(told.notes.map((n) => [n.frame, n.key, n.params])).toEqual([
      [1, 'narr.nodeReady', { node: 'm02' }],
      [2, 'narr.nodeNotReady', { node: 'm02', status: 'Unknown' }],
      [3, 'narr.taintAdded', { node: 'm02', taint: 'node.kubernetes.io/unreachable:NoExecute' }],
      [4, 'narr.eviction', { pod: 'web-1' }],
      [5, 'narr.nodeReady', { node: 'm02' }],
    ]);
    expect(told.markers.map((m) => [m.frame, m.kind, m.name])).toEqual([
      [2, 'nodeFailed', 'm02'],
      [5, 'nodeRecovered', 'm02'],
    ]);
    // Without a summary (an older engine), a node's change stays "updated".
    expect(noteOfInfo(info(6, 'Node', 'm02', 'MODIFIED', lifecycle)).key).toBe('frame.modified');
  });
});
