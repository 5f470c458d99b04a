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
});
