import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Condition } from '../../shared/lessons/model';
import { createEngine } from '../engine';
import { evaluate, type World } from './evaluate';
import { LeafMemo } from './leaf-memo';

const user = { actor: 'user' as const, name: 'test' };

function deployment(name: string, replicas: number, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

describe('LeafMemo', () => {
  it('gives the same answers as evaluating from scratch while the cluster changes', () => {
    const engine = createEngine({ seed: 7, nodes: 2 });
    const memo = new LeafMemo(() => engine.nodeStates());
    const off = engine.onDelta((d) => (d.reset ? memo.clear() : memo.invalidate(d.changes)));
    const world: World = { store: engine.store, requests: [], readFile: () => undefined, nodeStates: () => engine.nodeStates() };
    const conditions: Condition[] = [
      { objects: { kind: 'Deployment', namespace: 'default', name: 'a' }, where: [{ path: 'status.availableReplicas', gte: 2 }] },
      { objects: { kind: 'Pod', namespace: 'default', ownedBy: { kind: 'Deployment', name: 'a' } }, where: [{ path: 'status.phase', equals: 'Running' }], count: { equals: 3 } },
      { objects: { kind: 'Pod', labelSelector: 'app=b' }, where: [{ path: 'spec.containers[0].image', matches: ':v9$' }] },
      { objects: { kind: 'Pod', labelSelector: 'app=b' }, count: { max: 1 } },
      { objects: { kind: 'ReplicaSet', ownedBy: { kind: 'Deployment', name: 'b' } }, count: { min: 2 } },
      { node: { name: 'minikube-m02', powered: false } },
      { node: { name: 'minikube-m02', ready: false } },
    ];
    const compare = (when: string) => {
      for (const c of conditions) expect([when, evaluate(c, world, memo)]).toEqual([when, evaluate(c, world)]);
    };
    const steps: [string, () => void][] = [
      ['create a', () => engine.store.create('Deployment', deployment('a', 2), user)],
      ['create b', () => engine.store.create('Deployment', deployment('b', 1), user)],
      ['scale a', () => engine.store.update('Deployment', { ...engine.store.get('Deployment', 'default', 'a')!, spec: deployment('a', 3).spec }, user)],
      ['image b', () => engine.store.update('Deployment', { ...engine.store.get('Deployment', 'default', 'b')!, spec: deployment('b', 2, 'nginx:v9').spec }, user)],
      ['relabel a pod', () => {
        const pod = engine.store.list('Pod', { labelSelector: 'app=b' }).items[0]!;
        engine.store.update('Pod', { ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), labels: { app: 'other' } } }, user);
      }],
      ['power off', () => engine.failures.powerOff('minikube-m02')],
      ['delete a', () => engine.store.delete('Deployment', 'default', 'a', user)],
    ];
    for (const [name, act] of steps) {
      act();
      compare(name);
      for (let i = 0; i < 12; i++) {
        engine.advance(5_000);
        compare(`${name} +${(i + 1) * 5}s`);
      }
    }
    const checkpoint = 5;
    engine.timeline.rewind(engine.timeline.state().length - checkpoint);
    compare('rewind');
    engine.recreate(1);
    compare('recreate');
    off();
  });
});
