import { describe, expect, it } from 'vitest';
import type { ObjectChange } from '../../../shared/sim/snapshot';
import type { FrameInfo } from '../../../shared/sim/timeline';
import type { Pod } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, isReady, podsOf, until } from '../testkit';
import type { KubelabEngine } from '../engine';

const frameOf = (e: KubelabEngine, frame: number): FrameInfo => e.timeline.frames(frame, 1)[0]!;
const framesOf = (e: KubelabEngine, kind: string, name: string): FrameInfo[] => e.timeline.frames(1, e.timeline.state().length).filter((f) => f.kind === kind && f.name === name);

describe('changes carry their frame, time and cause', () => {
  it('live deltas: each change is the event log entry of its own frame', () => {
    const e = engine({ nodes: 2 });
    const changes: ObjectChange[] = [];
    e.onDelta((d) => changes.push(...d.changes));
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    e.advance(15_000);
    expect(changes.length).toBeGreaterThan(20);
    for (const c of changes) {
      const info = frameOf(e, c.frame);
      expect(c.frame).toBe(Number(c.object.metadata.resourceVersion));
      expect([info.kind, info.name, info.type]).toEqual([c.object.kind, c.object.metadata.name, c.type]);
      expect(c.time).toBe(info.time);
      expect(c.cause).toEqual(info.cause);
    }
    expect(changes.map((c) => c.frame)).toEqual([...changes.map((c) => c.frame)].sort((a, b) => a - b));
  });

  it('after a seek: each change of the diff carries the newest frame between the two views that wrote it', () => {
    const e = engine({ nodes: 2 });
    const start = e.timeline.state().length;
    createDeployment(e, deployment('web', 'nginx:1.27', 3));
    e.advance(15_000);
    const live = e.timeline.state().length;
    const deltas: { frame: number; changes: ObjectChange[] }[] = [];
    e.onDelta((d) => deltas.push(d));
    e.timeline.seek(start);
    const back = deltas.pop()!;
    expect(back.frame).toBe(start);
    // Backward: the deployment, its ReplicaSet and pods go away; each is labelled by its newest write (undone).
    const gone = back.changes.filter((c) => c.object.kind === 'Pod');
    expect(gone.length).toBe(3);
    for (const c of back.changes) {
      expect(c.frame).toBeGreaterThan(start);
      expect(c.frame).toBeLessThanOrEqual(live);
      const info = frameOf(e, c.frame);
      expect([info.kind, info.name]).toEqual([c.object.kind, c.object.metadata.name]);
      expect([c.time, c.cause]).toEqual([info.time, info.cause]);
    }
    e.timeline.live();
    const forward = deltas.pop()!;
    for (const c of forward.changes) {
      const info = frameOf(e, c.frame);
      expect([info.kind, info.name, info.type]).toEqual([c.object.kind, c.object.metadata.name, c.type === 'DELETED' ? 'DELETED' : info.type]);
      expect([c.time, c.cause]).toEqual([info.time, info.cause]);
      if (c.type !== 'DELETED') expect(c.frame).toBe(Number(c.object.metadata.resourceVersion));
    }
    // Forward over a deletion: the change is the frame that deleted the object.
    const victim = podsOf(e, 'web')[0]!;
    e.store.delete('Pod', 'default', victim.metadata.name, { actor: 'user', name: 'kubectl' }, { gracePeriodSeconds: 0 });
    const after = e.timeline.state().length;
    e.advance(1_000);
    e.timeline.seek(after - 1);
    e.timeline.seek(e.timeline.state().length);
    const redo = deltas.pop()!;
    const deleted = redo.changes.find((c) => c.type === 'DELETED' && c.object.metadata.name === victim.metadata.name)!;
    expect(frameOf(e, deleted.frame)).toMatchObject({ type: 'DELETED', kind: 'Pod', name: victim.metadata.name, cause: { actor: 'user' } });
  });

  it('after a rewind: what only the discarded frames made carries the fork frame and the rewind cause', () => {
    const e = engine({ nodes: 1 });
    const fork = e.timeline.state().length;
    createDeployment(e, deployment('web', 'nginx:1.27', 1));
    e.advance(10_000);
    const deltas: { frame: number; changes: ObjectChange[] }[] = [];
    e.onDelta((d) => deltas.push(d));
    e.timeline.rewind(fork);
    const undo = deltas.at(-1)!;
    expect(undo.frame).toBe(fork);
    const deployments = undo.changes.filter((c) => c.object.kind === 'Deployment');
    expect(deployments.map((c) => [c.type, c.frame, c.cause.name])).toEqual([['DELETED', fork, 'rewind']]);
    // What the kept frames wrote is labelled by them, as a seek would.
    for (const c of undo.changes.filter((x) => x.type !== 'DELETED')) expect(c.frame).toBe(Number(c.object.metadata.resourceVersion));
    for (const c of undo.changes) expect(c.frame).toBeLessThanOrEqual(fork);
  });

  it('a re-created cluster: new objects carry their frames, the old ones frame 0 of the new history', () => {
    const e = engine({ nodes: 1 });
    const deltas: { reset?: true; changes: ObjectChange[] }[] = [];
    e.onDelta((d) => deltas.push(d));
    e.recreate(2);
    const reset = deltas.at(-1)!;
    expect(reset.reset).toBe(true);
    const node = reset.changes.find((c) => c.object.kind === 'Node' && c.object.metadata.name === 'minikube-m02')!;
    expect(node.type).toBe('ADDED');
    expect(frameOf(e, node.frame)).toMatchObject({ kind: 'Node', name: 'minikube-m02' });
    for (const c of reset.changes.filter((x) => x.type === 'DELETED')) expect([c.frame, c.time, c.cause.name]).toEqual([0, 0, 'recreate']);
  });
});

describe('what led to a change (Cause.by)', () => {
  it('links a pod to the ReplicaSet change, the ReplicaSet to the Deployment change, the binding to the pod, the kubelet to the binding', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    until(e, () => podsOf(e, 'web').filter(isReady).length === 2);
    const pod = podsOf(e, 'web')[0]! as Pod;
    const rsName = pod.metadata.ownerReferences![0]!.name;
    const [created, ...later] = framesOf(e, 'Pod', pod.metadata.name);
    expect(created!.cause.name).toBe('replicaset-controller');
    const byRs = frameOf(e, created!.cause.by!.frame!);
    expect([byRs.kind, byRs.name]).toEqual(['ReplicaSet', rsName]);
    const rsCreated = framesOf(e, 'ReplicaSet', rsName)[0]!;
    const byDeployment = frameOf(e, rsCreated.cause.by!.frame!);
    expect([byDeployment.kind, byDeployment.name, byDeployment.cause.actor]).toEqual(['Deployment', 'web', 'user']);
    const bound = later.find((f) => f.cause.actor === 'scheduler')!;
    expect(bound.cause.by!.frame).toBe(created!.frame);
    const started = later.filter((f) => f.cause.actor === 'kubelet');
    expect(started.length).toBeGreaterThan(0);
    for (const f of started) expect(f.cause.by!.frame).toBe(bound.frame);
  });

  it('links a replacement pod to the deletion that made the ReplicaSet short', () => {
    const e = engine({ nodes: 1 });
    createDeployment(e, deployment('web', 'nginx:1.27', 1));
    until(e, () => podsOf(e, 'web').filter(isReady).length === 1);
    const first = podsOf(e, 'web')[0]!;
    e.store.delete('Pod', 'default', first.metadata.name, { actor: 'user', name: 'kubectl' }, { gracePeriodSeconds: 0 });
    const deletion = framesOf(e, 'Pod', first.metadata.name).at(-1)!;
    expect(deletion.type).toBe('DELETED');
    until(e, () => podsOf(e, 'web').some((p) => p.metadata.name !== first.metadata.name));
    const replacement = podsOf(e, 'web').find((p) => p.metadata.name !== first.metadata.name)!;
    const created = framesOf(e, 'Pod', replacement.metadata.name)[0]!;
    expect(created.cause.by?.frame).toBe(deletion.frame);
  });

  it('links taints to the node status change and evictions to the taint', () => {
    const e = engine({ nodes: 2 });
    const d = deployment('web', 'nginx:1.27', 2);
    createDeployment(e, d);
    until(e, () => podsOf(e, 'web').filter(isReady).length === 2);
    const node = podsOf(e, 'web')[0]!.spec.nodeName!;
    e.failures.powerOff(node);
    until(e, () => framesOf(e, 'Pod', podsOf(e, 'web').find((p) => p.spec.nodeName === node)?.metadata.name ?? '').some((f) => f.cause.name === 'taint-eviction-controller') || !podsOf(e, 'web').some((p) => p.spec.nodeName === node), 700_000, 5_000);
    const nodeFrames = framesOf(e, 'Node', node);
    const tainted = nodeFrames.find((f) => f.cause.reason?.code === 'NodeTainted' && f.cause.detail === 'taint node' && f.frame > nodeFrames.find((x) => x.cause.reason?.code === 'NodeHeartbeatMissed')!.frame)!;
    const unknown = frameOf(e, tainted.cause.by!.frame!);
    expect([unknown.kind, unknown.name, unknown.cause.reason?.code]).toEqual(['Node', node, 'NodeHeartbeatMissed']);
    const evictions = e.timeline.frames(1, e.timeline.state().length).filter((f) => f.kind === 'Pod' && f.cause.name === 'taint-eviction-controller');
    expect(evictions.length).toBeGreaterThan(0);
    for (const f of evictions) expect(frameOf(e, f.cause.by!.frame!)).toMatchObject({ kind: 'Node', name: node, cause: { reason: { code: 'NodeTainted' } } });
  });
});
