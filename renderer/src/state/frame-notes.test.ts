import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause, Reason } from '../../../shared/sim/cause';
import { noteText } from '../i18n/notes';
import { deployment, node, pod, replicaSet, service } from '../testing/fixtures';
import { describeFrame, isQuiet, markerOf, narrate, narrationContext } from './frame-notes';
import type { HistoryRecord } from './history';

const record = (object: KubeObject, prev?: KubeObject, type: HistoryRecord['type'] = prev ? 'MODIFIED' : 'ADDED'): HistoryRecord => ({
  frame: 1,
  time: 1000,
  type,
  key: `${object.kind}/${object.metadata.name}`,
  object,
  ...(prev ? { prev } : {}),
  cause: { actor: 'system', name: 'test' },
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

describe('narration tells only what is true', () => {
  const say = (told: ReturnType<typeof narrate>) => (told ? noteText(told) : undefined);
  const withCause = (r: HistoryRecord, cause: Cause): HistoryRecord => ({ ...r, cause });
  const lifecycle: Cause = { actor: 'controller', name: 'node-lifecycle-controller' };

  it('does not say a kubelet started a pod that only lost readiness after its node was powered off', () => {
    // What the engine writes: the node lifecycle controller marks the pods of a silent node not ready (MarkPodsNotReady).
    const ready = pod('kube-proxy-b87n8', { node: 'minikube-m02', phase: 'Ready' });
    const marked = pod('kube-proxy-b87n8', { node: 'minikube-m02', phase: 'Running' });
    const context = narrationContext(() => [node('minikube-m02', { ready: 'Unknown' })]);
    const plain = say(narrate(withCause(record(marked, ready), lifecycle), context));
    expect(plain).toBe('kube-proxy-b87n8 is running but no longer ready.');
    const told = say(narrate(withCause(record(marked, ready), { ...lifecycle, reason: { code: 'NodePodsNotReady', node: 'minikube-m02' } }), context));
    expect(told).toBe('The node controller marked kube-proxy-b87n8 not ready: its node minikube-m02 stopped reporting, so nobody can vouch that the pod still runs.');
    for (const text of [plain, told]) expect(text).not.toMatch(/kubelet|started/);
  });

  it('does not credit the kubelet of a node that is not Ready, even when the cause names it', () => {
    const creating = pod('web-1', { rs: 'web-abc', node: 'minikube-m02', phase: 'Creating' });
    const running = pod('web-1', { rs: 'web-abc', node: 'minikube-m02', phase: 'Running' });
    const kubelet: Cause = { actor: 'kubelet', name: 'kubelet', reason: { code: 'KubeletStage', node: 'minikube-m02', stage: 'started', container: 'app' } };
    const dead = narrationContext(() => [node('minikube-m02', { ready: 'Unknown' })]);
    expect(say(narrate(withCause(record(running, creating), kubelet), dead))).toBe('web-1 is running; it is not ready yet.');
    const alive = narrationContext(() => [node('minikube-m02')]);
    expect(say(narrate(withCause(record(running, creating), kubelet), alive))).toBe('The kubelet on minikube-m02 started container app of web-1.');
  });

  it('says a ready pod receives traffic only when a Service selects it', () => {
    const bound = pod('web-1', { rs: 'web-abc', node: 'm03', phase: 'Running', labels: { app: 'web' } });
    const ready = pod('web-1', { rs: 'web-abc', node: 'm03', phase: 'Ready', labels: { app: 'web' } });
    const served = narrationContext(() => [service('web', { app: 'web' }), service('api', { app: 'api' })]);
    expect(say(narrate(record(ready, bound), served))).toBe('web-1 is Ready, so Service web now sends it traffic.');
    const unselected = narrationContext(() => [service('api', { app: 'api' }), { ...service('manual', {}), spec: { ports: [{ port: 80 }] } }]);
    expect(say(narrate(record(ready, bound), unselected))).toBe('web-1 is Ready: all its containers are running and ready.');
    const elsewhere = narrationContext(() => [{ ...service('web', { app: 'web' }), metadata: { name: 'web', namespace: 'other' } }]);
    expect(say(narrate(record(ready, bound), elsewhere))).not.toContain('traffic');
    const kubelet: Cause = { actor: 'kubelet', name: 'kubelet', reason: { code: 'KubeletStage', node: 'm03', stage: 'ready' } };
    expect(say(narrate({ ...record(ready, bound), cause: kubelet }, unselected))).toBe('The kubelet on m03 reports web-1 Ready: all its containers are running and ready.');
    expect(say(narrate({ ...record(ready, bound), cause: kubelet }, served))).toBe('The kubelet on m03 reports web-1 Ready, so Service web now sends it traffic.');
  });
});

describe('narration from causes', () => {
  const say = (told: ReturnType<typeof narrate>) => (told ? noteText(told) : undefined);

  it('tells a rollout round from its arithmetic, and a request by its kubectl command', () => {
    const before = replicaSet('web-7c9f8d6b5', 'web', { replicas: 1 });
    const after = replicaSet('web-7c9f8d6b5', 'web', { replicas: 2 });
    const reason: Reason = { code: 'RolloutRound', deployment: 'web', replicas: 4, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 1, maxTotal: 5, minAvailable: 3, replicaSet: 'web-7c9f8d6b5', newReplicaSet: true, from: 1, to: 2 };
    const round = { ...record(after, before), cause: { actor: 'controller' as const, name: 'deployment-controller', reason } };
    expect(say(narrate(round))).toBe(
      'Rolling update of web: maxSurge 25% of 4 rounds up to 1 and maxUnavailable 25% of 4 rounds down to 1, so at most 5 pods may exist and at least 3 must be available; the new ReplicaSet web-7c9f8d6b5 grows by 1, from 1 to 2.',
    );
    const v1 = deployment('web', 4, { app: 'web' }, 'nginx:1');
    const v2 = deployment('web', 4, { app: 'web' }, 'nginx:2');
    const request: Cause = { actor: 'user', name: 'kubectl', reason: { code: 'ApiRequest', verb: 'patch', resource: 'deployments', command: 'kubectl set image' } };
    expect(say(narrate({ ...record(v2, v1), cause: request }))).toBe('You ran kubectl set image: Deployment web got a new pod template: a rolling update starts.');
    // Status bookkeeping stays out of the story, and is named by who wrote it in "This frame".
    const status = { ...v2, status: { replicas: 4, updatedReplicas: 1 } };
    const observed = { ...record(status, v2), cause: { actor: 'controller' as const, name: 'deployment-controller', reason: { code: 'ObservedStatus' as const } } };
    expect(narrate(observed)).toBeUndefined();
    expect(noteText(describeFrame(observed))).toBe('deployment-controller recorded what it observed in the status of Deployment web.');
    expect(noteText(describeFrame({ ...record(status, v2), cause: { actor: 'controller', name: 'deployment-controller' } }))).toBe('deployment-controller updated the status of Deployment web.');
  });

  it('tells self-healing: the ReplicaSet controller saw fewer pods and made one', () => {
    const replacement = pod('web-abc-q9z', { rs: 'web-abc' });
    const cause: Cause = { actor: 'controller', name: 'replicaset-controller', reason: { code: 'ReplicaSetMissingPods', replicaSet: 'web-abc', want: 4, have: 3 } };
    expect(say(narrate({ ...record(replacement), cause }))).toBe('The ReplicaSet controller saw 3 of 4 pods for web-abc and created web-abc-q9z.');
  });

  it('keeps an Event’s message as data and does not tell the same change twice', () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-1' }, reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.' } as KubeObject;
    const scheduler: Cause = { actor: 'scheduler', name: 'default-scheduler', reason: { code: 'Unschedulable', totalNodes: 3, filtered: [{ plugin: 'NodeResourcesFit', nodes: 3, reason: 'Insufficient cpu' }], message: '0/3 nodes are available: 3 Insufficient cpu.' } };
    // The FailedScheduling Event (repeated at each retry) is not told again: the pod's status change tells it, with its message as data.
    expect(narrate({ ...record(event), cause: { actor: 'scheduler', name: 'default-scheduler' } })).toBeUndefined();
    const pending = pod('web-1', { rs: 'web-abc' });
    const told = narrate({ ...record(pending, pending), cause: scheduler });
    expect(say(told)).toBe('The scheduler could not place web-1: none of the 3 nodes passed the filters; 3 nodes have too little unrequested cpu left for the pod (NodeResourcesFit).');
    expect(told?.detail).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    const backOff = { ...event, reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-1_default(uid)' } as KubeObject;
    expect(narrate(record(backOff))).toEqual({ key: 'narr.backOff', params: { pod: 'web-1' }, detail: 'Back-off restarting failed container app in pod web-1_default(uid)' });
  });
});
