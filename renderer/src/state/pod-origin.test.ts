import { describe, expect, it } from 'vitest';
import type { KubeEvent, KubeObject, Pod } from '../../../shared/k8s/objects';
import type { Cause, ObjectChange } from '../../../shared/sim/snapshot';
import { clock, deployment, node, pod, replicaSet } from '../testing/fixtures';
import { History } from './history';
import { podOrigin } from './pod-origin';

const USER: Cause = { actor: 'user', name: 'kubectl', reason: { code: 'ApiRequest', verb: 'create', resource: 'deployments', command: 'kubectl create deployment' } };
const DEPLOYMENT_CONTROLLER: Cause = { actor: 'controller', name: 'deployment-controller', reason: { code: 'NewReplicaSet', deployment: 'web', revision: 1, replicas: 2 } };
const RS_CONTROLLER: Cause = { actor: 'controller', name: 'replicaset-controller', reason: { code: 'ReplicaSetMissingPods', replicaSet: 'web-abc', want: 2, have: 0 } };
const SCHEDULER: Cause = { actor: 'scheduler', name: 'default-scheduler', reason: { code: 'Scheduled', node: 'm02', totalNodes: 3, feasibleNodes: 2, filtered: [] } };
const KUBELET: Cause = { actor: 'kubelet', name: 'kubelet', reason: { code: 'KubeletStage', node: 'm02', stage: 'started' } };

interface Change {
  type: ObjectChange['type'];
  object: KubeObject;
  cause?: Cause;
}

/** Records each change as its own frame, one second apart, as the engine's deltas do. */
function recorded(changes: Change[], base: KubeObject[] = [node('m02')], baseFrame = 10): History {
  const history = new History();
  history.reset({ frame: baseFrame, clock, objects: base });
  changes.forEach((change, i) => {
    const frame = baseFrame + i + 1;
    const time = (i + 1) * 1000;
    history.append({ frame, clock: { ...clock, now: time }, changes: [{ ...change, frame, time } as ObjectChange] });
  });
  return history;
}

const webPod = (name = 'web-abc-1', uid = `uid-${name}`): Pod => {
  const p = pod(name, { rs: 'web-abc', phase: 'Pending' });
  return { ...p, metadata: { ...p.metadata, uid }, status: { phase: 'Pending' } };
};
const bound = (p: Pod): Pod => ({ ...p, spec: { ...p.spec, nodeName: 'm02' } });
const running = (p: Pod): Pod => ({ ...bound(p), status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', ready: false, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:05Z' } } }] } });
const ready = (p: Pod): Pod => ({ ...running(p), status: { ...running(p).status, conditions: [{ type: 'Ready', status: 'True' }] } });
const event = (name: string, reason: string, message: string, about: Pod): KubeEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  involvedObject: { kind: 'Pod', name: about.metadata.name, namespace: 'default', uid: about.metadata.uid },
  reason,
  message,
});
const rs = () => replicaSet('web-abc', 'web', { replicas: 2 });
const chain = (history: History, p: Pod, objects: KubeObject[] = []) => podOrigin(history.records, p, objects);

describe('why a pod exists', () => {
  it('links the command, the two controllers, the scheduler and the kubelet, each at its frame, in the words of their causes', () => {
    const p = webPod();
    const other = webPod('web-abc-2');
    const history = recorded([
      { type: 'ADDED', object: deployment('web', 2, { app: 'web' }), cause: USER },
      { type: 'ADDED', object: rs(), cause: DEPLOYMENT_CONTROLLER },
      { type: 'ADDED', object: other, cause: RS_CONTROLLER },
      { type: 'ADDED', object: p, cause: RS_CONTROLLER },
      { type: 'MODIFIED', object: bound(other), cause: SCHEDULER },
      { type: 'MODIFIED', object: bound(p), cause: SCHEDULER },
      { type: 'ADDED', object: event('e1', 'Pulling', 'Pulling image "nginx:1.27"', p) },
      { type: 'MODIFIED', object: running(p), cause: KUBELET },
      { type: 'MODIFIED', object: ready(p), cause: KUBELET },
    ]);
    const origin = chain(history, ready(p));
    expect(origin.steps.map((s) => [s.kind, s.frame, s.time])).toEqual([
      ['created', 11, 1000],
      ['made', 12, 2000],
      ['made', 14, 4000],
      ['scheduled', 16, 6000],
      ['started', 18, 8000],
    ]);
    expect(origin.steps.map((s) => s.note)).toEqual([
      { key: 'origin.command', params: { command: 'kubectl create deployment', kind: 'Deployment', name: 'web' } },
      { key: 'origin.newReplicaSetRevision', params: { name: 'web-abc', deployment: 'web', revision: 1 } },
      { key: 'origin.missingPods', params: { name: 'web-abc-1', owner: 'web-abc', want: 2, have: 0 } },
      { key: 'origin.scheduledFit', params: { node: 'm02', feasible: 2, total: 3 } },
      { key: 'origin.pulledStarted', params: { node: 'm02', image: 'nginx:1.27' } },
    ]);
    expect(origin.earlier).toBe(false);
    expect(origin.complete).toBe(true);
    // Each step's frame is the record of that change.
    for (const step of origin.steps) expect(history.recordAt(step.frame)).toBeDefined();
  });

  it('words the chain from the objects when the changes carry no typed reasons', () => {
    const p = webPod();
    const history = recorded([
      { type: 'ADDED', object: deployment('web', 2, { app: 'web' }), cause: { actor: 'user', name: 'kubectl', detail: 'kubectl create deployment' } },
      { type: 'ADDED', object: rs() },
      { type: 'ADDED', object: p },
      { type: 'MODIFIED', object: bound(p) },
      { type: 'ADDED', object: event('e1', 'Pulled', 'Container image "nginx" already present on machine', p) },
      { type: 'MODIFIED', object: running(p) },
    ]);
    expect(chain(history, running(p)).steps.map((s) => s.note)).toEqual([
      { key: 'origin.command', params: { command: 'kubectl create deployment', kind: 'Deployment', name: 'web' } },
      // The revision from the ReplicaSet's own annotation.
      { key: 'origin.newReplicaSetRevision', params: { name: 'web-abc', deployment: 'web', revision: 1 } },
      { key: 'origin.replicaSetPod', params: { name: 'web-abc-1', owner: 'web-abc' } },
      { key: 'origin.scheduled', params: { node: 'm02' } },
      // The image was already there: no pull is claimed.
      { key: 'origin.started', params: { node: 'm02' } },
    ]);
  });

  it('gives a pod whose owners were made before the page opened only the steps recorded since', () => {
    const p = webPod();
    const history = recorded(
      [
        { type: 'ADDED', object: p, cause: RS_CONTROLLER },
        { type: 'MODIFIED', object: bound(p), cause: SCHEDULER },
      ],
      [node('m02'), deployment('web', 2, { app: 'web' }), rs()],
    );
    const origin = chain(history, bound(p), history.objectsAt(history.liveFrame));
    expect(origin.steps.map((s) => s.kind)).toEqual(['made', 'scheduled']);
    expect(origin.earlier).toBe(true);
    expect(origin.complete).toBe(false);
  });

  it('gives a bare pod a chain from its own creation, and a pod recreated under the same name only its own records', () => {
    const first = { ...pod('solo', { phase: 'Pending' }), status: { phase: 'Pending' } } as Pod;
    const second = { ...first, metadata: { ...first.metadata, uid: 'uid-solo-2' } };
    const runCause: Cause = { actor: 'user', name: 'kubectl', reason: { code: 'ApiRequest', verb: 'create', resource: 'pods', command: 'kubectl run' } };
    const history = recorded([
      { type: 'ADDED', object: first, cause: runCause },
      { type: 'MODIFIED', object: bound(first), cause: SCHEDULER },
      { type: 'DELETED', object: bound(first), cause: runCause },
      { type: 'ADDED', object: second, cause: { actor: 'user', name: 'kubectl' } },
      { type: 'MODIFIED', object: bound(second), cause: SCHEDULER },
    ]);
    const origin = chain(history, bound(second));
    expect(origin.steps.map((s) => [s.kind, s.frame])).toEqual([
      ['created', 14],
      ['scheduled', 15],
    ]);
    // A request with no kubectl command: its client is named, nothing more is claimed.
    expect(origin.steps[0]!.note).toEqual({ key: 'origin.createdBy', params: { client: 'kubectl', kind: 'Pod', name: 'solo' } });
    expect(origin.earlier).toBe(false);
  });

  it('owes a rollout’s pod to the command that changed the Deployment, not to its creation', () => {
    const v1 = { ...deployment('web', 2, { app: 'web' }), metadata: { ...deployment('web', 2, { app: 'web' }).metadata, generation: 1 } };
    const v2 = { ...v1, metadata: { ...v1.metadata, generation: 2 } };
    const statusOnly = { ...v2, status: { observedGeneration: 2 } };
    const rs2 = { ...replicaSet('web-new', 'web', { replicas: 1, revision: 2 }) };
    const p = { ...webPod('web-new-1'), metadata: { ...webPod('web-new-1').metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-new', uid: 'uid-web-new', controller: true }] } };
    const setImage: Cause = { actor: 'user', name: 'kubectl', reason: { code: 'ApiRequest', verb: 'patch', resource: 'deployments', command: 'kubectl set image' } };
    const round = (by?: number): Cause => ({
      actor: 'controller',
      name: 'deployment-controller',
      reason: { code: 'RolloutRound', deployment: 'web', replicas: 2, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 0, maxTotal: 3, minAvailable: 2, replicaSet: 'web-new', newReplicaSet: true, from: 0, to: 1, revision: 2 },
      ...(by ? { by: { frame: by } } : {}),
    });
    for (const by of [12, undefined]) {
      const history = recorded([
        { type: 'ADDED', object: v1, cause: USER },
        { type: 'MODIFIED', object: v2, cause: setImage },
        { type: 'MODIFIED', object: statusOnly, cause: { actor: 'controller', name: 'deployment-controller' } },
        { type: 'ADDED', object: rs2, cause: round(by) },
        { type: 'ADDED', object: p, cause: RS_CONTROLLER },
      ]);
      const origin = chain(history, p, [statusOnly, rs2]);
      expect(origin.steps.map((s) => [s.kind, s.frame]), `by ${by}`).toEqual([
        ['changed', 12],
        ['made', 14],
        ['made', 15],
      ]);
      expect(origin.steps[0]!.note).toEqual({ key: 'origin.commandChanged', params: { command: 'kubectl set image', kind: 'Deployment', name: 'web' } });
      expect(origin.steps[1]!.note).toEqual({ key: 'origin.newReplicaSetRevision', params: { name: 'web-new', deployment: 'web', revision: 2 } });
    }
  });

  it('names no scheduler for a pod that was created on its node', () => {
    const p = bound({ ...pod('static', { phase: 'Pending' }), status: { phase: 'Pending' } } as Pod);
    const history = recorded([
      { type: 'ADDED', object: p, cause: { actor: 'kubelet', name: 'kubelet' } },
      { type: 'MODIFIED', object: running(p), cause: KUBELET },
    ]);
    expect(chain(history, running(p)).steps.map((s) => s.kind)).toEqual(['created', 'started']);
  });
});
