import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { deployment, node, pod } from '../testing/fixtures';
import { describeFrame, isQuiet, markerOf, narrate } from './frame-notes';
import type { HistoryRecord } from './history';

const record = (object: KubeObject, prev?: KubeObject, type: HistoryRecord['type'] = prev ? 'MODIFIED' : 'ADDED'): HistoryRecord => ({
  frame: 1,
  time: 1000,
  type,
  key: `${object.kind}/${object.metadata.name}`,
  object,
  ...(prev ? { prev } : {}),
});

describe('frame notes', () => {
  it('tells the node failure chain: NotReady, taint, then recovery', () => {
    const ready = node('m02');
    const notReady = node('m02', { ready: 'Unknown' });
    const tainted = node('m02', { ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] });
    expect(narrate(record(notReady, ready))).toEqual({ key: 'narr.nodeNotReady', params: { node: 'm02', status: 'Unknown' } });
    expect(markerOf(record(notReady, ready))).toBe('nodeFailed');
    expect(narrate(record(tainted, notReady))).toEqual({ key: 'narr.taintAdded', params: { node: 'm02', taint: 'node.kubernetes.io/unreachable:NoExecute' } });
    expect(markerOf(record(ready, tainted))).toBe('nodeRecovered');
  });

  it('tells a pod being created, scheduled and becoming ready', () => {
    const pending = pod('web-1', { rs: 'web-abc' });
    const bound = pod('web-1', { rs: 'web-abc', node: 'm03', phase: 'Creating' });
    const ready = pod('web-1', { rs: 'web-abc', node: 'm03', phase: 'Ready' });
    expect(narrate(record(pending))).toEqual({ key: 'narr.podCreated', params: { owner: 'web-abc', pod: 'web-1' } });
    expect(narrate(record(bound, pending))).toEqual({ key: 'narr.podScheduled', params: { pod: 'web-1', node: 'm03' } });
    expect(narrate(record(ready, bound))).toEqual({ key: 'narr.podReady', params: { pod: 'web-1' } });
  });

  it('treats heartbeats as quiet and marks a rollout', () => {
    const beat = { ...node('m02'), status: { ...node('m02').status, conditions: [{ type: 'Ready', status: 'True' as const, lastHeartbeatTime: 'later' }] } };
    expect(isQuiet(record(beat, node('m02')))).toBe(true);
    expect(isQuiet(record(node('m02', { unschedulable: true }), node('m02')))).toBe(false);
    const v1 = deployment('web', 10, { app: 'web' }, 'nginx:1');
    const v2 = deployment('web', 10, { app: 'web' }, 'nginx:2');
    expect(markerOf(record(v2, v1))).toBe('rollout');
    expect(narrate(record(v2, v1))?.key).toBe('narr.deploymentRollout');
    expect(describeFrame(record({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } })).key).toBe('frame.added');
  });
});
