import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Condition, Hint } from '../../shared/lessons/model';
import { createEngine } from '../engine';
import { chooseHints, evaluate, fieldHolds, type SeenRequest, type World } from './evaluate';
import { readField } from './field-path';

const user = { actor: 'user' as const, name: 'test' };

function deployment(name: string, image: string, replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } } },
  };
}

function world(engine: ReturnType<typeof createEngine>, extra: Partial<World> = {}): World {
  return { store: engine.store, requests: [], readFile: () => undefined, nodeStates: () => engine.nodeStates(), ...extra };
}

describe('evaluate', () => {
  const engine = createEngine({ seed: 1, nodes: 2 });
  engine.store.create('Deployment', deployment('web', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 2), user);
  engine.advance(30_000);
  const w = world(engine);

  it('counts objects by kind, name, selector, owner and field tests', () => {
    expect(evaluate({ objects: { kind: 'Deployment', namespace: 'default', name: 'web' }, where: [{ path: 'status.availableReplicas', gte: 2 }] }, w)).toBe(true);
    expect(evaluate({ objects: { kind: 'Deployment', namespace: 'default', name: 'web' }, where: [{ path: 'status.availableReplicas', gte: 3 }] }, w)).toBe(false);
    expect(evaluate({ objects: { kind: 'Pod', namespace: 'default', ownedBy: { kind: 'Deployment', name: 'web' } }, count: { equals: 2 } }, w)).toBe(true);
    expect(evaluate({ objects: { kind: 'Pod', namespace: 'default', ownedBy: { kind: 'Deployment', name: 'other' } } }, w)).toBe(false);
    expect(evaluate({ objects: { kind: 'Pod', labelSelector: 'app=web' }, where: [{ path: 'status.phase', equals: 'Running' }], count: { min: 2, max: 2 } }, w)).toBe(true);
    expect(evaluate({ objects: { kind: 'Pod', labelSelector: 'app in (db)' } }, w)).toBe(false);
    expect(evaluate({ objects: { kind: 'Pod', labelSelector: 'app=web' }, count: { max: 1 } }, w)).toBe(false);
    expect(evaluate({ objects: { kind: 'Deployment', name: 'web' }, where: [{ path: 'status.updatedReplicas', equalsPath: 'spec.replicas' }] }, w)).toBe(true);
    expect(evaluate({ objects: { kind: 'Deployment', name: 'web' }, where: [{ path: 'spec.template.spec.containers[0].image', matches: 'bootcamp:v1$' }] }, w)).toBe(true);
    expect(evaluate({ objects: { kind: 'NoSuchKind' } }, w)).toBe(false);
    expect(evaluate({ objects: { kind: 'Service', namespace: 'default', name: 'web' }, count: { equals: 0 } }, w)).toBe(true);
  });

  it('combines conditions', () => {
    const yes: Condition = { objects: { kind: 'Deployment', name: 'web' } };
    const no: Condition = { objects: { kind: 'Deployment', name: 'nope' } };
    expect(evaluate({ all: [yes, { not: no }] }, w)).toBe(true);
    expect(evaluate({ any: [no, no] }, w)).toBe(false);
    expect(evaluate({ all: [] }, w)).toBe(true);
  });

  it('reads nodes: power and readiness', () => {
    const e = createEngine({ seed: 2, nodes: 2 });
    const nw = world(e);
    expect(evaluate({ node: { name: 'minikube-m02', powered: true, ready: true } }, nw)).toBe(true);
    e.failures.powerOff('minikube-m02');
    expect(evaluate({ node: { name: 'minikube-m02', powered: false } }, nw)).toBe(true);
    e.advance(60_000);
    expect(evaluate({ node: { name: 'minikube-m02', ready: false } }, nw)).toBe(true);
    expect(evaluate({ node: { name: 'minikube-m09' } }, nw)).toBe(false);
  });

  it('matches requests and files', () => {
    const requests: SeenRequest[] = [{ verb: 'log', resource: 'pods', group: '', subresource: 'log', namespace: 'default', name: 'web-1', status: 200, owners: [{ kind: 'ReplicaSet', name: 'web-x' }, { kind: 'Deployment', name: 'web' }] }];
    const files: Record<string, string> = { 'good.yaml': 'a: 1\n', 'bad.yaml': 'a: [1\n' };
    const rw = world(engine, { requests, readFile: (p) => files[p] });
    expect(evaluate({ request: { verb: 'log', resource: 'pods', ownedBy: { kind: 'Deployment', name: 'web' } } }, rw)).toBe(true);
    expect(evaluate({ request: { verb: 'log', resource: 'pods', status: 404 } }, rw)).toBe(false);
    expect(evaluate({ request: { verb: 'exec', resource: 'pods' } }, rw)).toBe(false);
    expect(evaluate({ file: { path: 'good.yaml', parses: true, contains: 'a:' } }, rw)).toBe(true);
    expect(evaluate({ file: { path: 'bad.yaml', parses: false } }, rw)).toBe(true);
    expect(evaluate({ file: { path: 'bad.yaml', parses: true } }, rw)).toBe(false);
    expect(evaluate({ file: { path: 'missing.yaml' } }, rw)).toBe(false);
  });

  it('chooses the hints whose condition holds while the check is false', () => {
    const e = createEngine({ seed: 3, nodes: 1 });
    e.store.create('Deployment', deployment('kubernetes-bootcamp', 'gcr.io/google-samples/kubernetes-bootcamp:v9'), user);
    e.advance(60_000);
    const hw = world(e);
    const check: Condition = { objects: { kind: 'Deployment', name: 'kubernetes-bootcamp' }, where: [{ path: 'status.availableReplicas', gte: 1 }] };
    const hints: Hint[] = [
      { id: 'wrong-image', when: { objects: { kind: 'Deployment', name: 'kubernetes-bootcamp' }, where: [{ path: 'spec.template.spec.containers[0].image', matches: '^(?!gcr\\.io/google-samples/kubernetes-bootcamp:v1$)' }] }, text: [] },
      { id: 'no-deployment', when: { objects: { kind: 'Deployment', name: 'kubernetes-bootcamp' }, count: { equals: 0 } }, text: [] },
    ];
    expect(chooseHints(check, hints, hw)).toEqual(['wrong-image']);
    expect(chooseHints({ all: [] }, hints, hw)).toEqual([]);
  });
});

describe('field tests', () => {
  const pod = { metadata: { labels: { 'app.kubernetes.io/name': 'x', app: 'web' } }, spec: { containers: [{ image: 'a' }, { image: 'b' }] }, status: { replicas: 2 } };
  it('reads paths with indexes and quoted keys', () => {
    expect(readField(pod, 'spec.containers[1].image')).toBe('b');
    expect(readField(pod, 'metadata.labels["app.kubernetes.io/name"]')).toBe('x');
    expect(readField(pod, 'spec.containers[5].image')).toBeUndefined();
    expect(readField(pod, 'spec.containers.image')).toBeUndefined();
  });
  it('tests values', () => {
    expect(fieldHolds({ path: 'status.replicas', equals: '2' }, pod)).toBe(true);
    expect(fieldHolds({ path: 'status.replicas', lte: 1 }, pod)).toBe(false);
    expect(fieldHolds({ path: 'status.ready', exists: false }, pod)).toBe(true);
    expect(fieldHolds({ path: 'status.ready', gte: 0 }, pod)).toBe(false);
    expect(fieldHolds({ path: 'metadata.labels.app', matches: '^w' }, pod)).toBe(true);
  });
});
