// The engine-backed cluster backend: reads nodes and services from the store, records `minikube` as the cause.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createEngine } from '../engine';
import { handleControl } from './cluster-control';
import { createEngineBackend, nodeIndex } from './engine-backend';

const system = { actor: 'system' as const, name: 'test' };

/** A real engine with `workers` worker nodes (Ready once their kubelets report) and two Services. */
function setup(workers: number) {
  const engine = createEngine({ seed: 3, nodes: workers + 1, settleMs: 5_000 });
  engine.advance(30_000);
  const store = engine.store;
  store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] } }, system);
  store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', ports: [{ port: 8080, nodePort: 32000 }] } }, system);
  const clock: string[] = [];
  const backend = createEngineBackend({ engine: () => engine as Engine, pauseClock: () => clock.push('pause'), playClock: () => clock.push('play'), focusDashboard: () => true });
  return { store, backend, clock };
}

describe('engine backend', () => {
  it('lists nodes primary first with their IPs and readiness', () => {
    const { backend } = setup(2);
    expect(backend.nodes()).toEqual([
      { name: 'minikube', ip: '192.168.49.2', controlPlane: true, ready: true },
      { name: 'minikube-m02', ip: '192.168.49.3', controlPlane: false, ready: true },
      { name: 'minikube-m03', ip: '192.168.49.4', controlPlane: false, ready: true },
    ]);
    expect(nodeIndex('minikube-m10')).toBe(10);
  });

  it('deletes a node through the store', async () => {
    const { backend, store } = setup(2);
    await handleControl(backend, { op: 'node-delete', name: 'minikube-m03' });
    expect(store.get('Node', undefined, 'minikube-m03')).toBeUndefined();
    expect(backend.nodes().map((n) => n.name)).toEqual(['minikube', 'minikube-m02']);
  });

  it('re-creates a fresh cluster for start --nodes N: names start over and workloads are gone', async () => {
    const engine = createEngine({ seed: 1, nodes: 3, settleMs: 5_000 });
    const clock: string[] = [];
    const backend = createEngineBackend({ engine: () => engine, pauseClock: () => clock.push('pause'), playClock: () => clock.push('play'), focusDashboard: () => true });
    await handleControl(backend, { op: 'node-add' });
    await handleControl(backend, { op: 'node-delete', name: 'minikube-m02' });
    engine.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept-before', namespace: 'default' }, data: {} }, system);
    expect(await handleControl(backend, { op: 'start', nodes: 4, confirmed: false })).toEqual({ action: 'needs-confirmation', currentNodes: 3, requestedNodes: 4 });
    expect(await handleControl(backend, { op: 'start', nodes: 4, confirmed: true })).toEqual({ action: 'recreated', nodes: 4 });
    expect(backend.nodes().map((n) => n.name)).toEqual(['minikube', 'minikube-m02', 'minikube-m03', 'minikube-m04']);
    expect(engine.store.get('ConfigMap', 'default', 'kept-before')).toBeUndefined();
    expect(clock).toEqual(['play']);
    // After delete, a plain start makes minikube's default single-node cluster.
    await handleControl(backend, { op: 'delete' });
    expect(await handleControl(backend, { op: 'start', confirmed: false })).toEqual({ action: 'created', nodes: 1 });
    expect(backend.nodes().map((n) => n.name)).toEqual(['minikube']);
  });

  it('stops and deletes by pausing the clock, and reports a deleted cluster as gone', async () => {
    const { backend, clock } = setup(1);
    await handleControl(backend, { op: 'stop' });
    expect(await handleControl(backend, { op: 'status' })).toMatchObject({ state: 'Stopped' });
    await handleControl(backend, { op: 'delete' });
    expect(await handleControl(backend, { op: 'status' })).toEqual({ state: 'Nonexistent', nodes: [] });
    expect(clock).toEqual(['pause', 'pause']);
  });

  it('reads NodePorts and gives LoadBalancers an IP on tunnel', async () => {
    const { backend, store } = setup(0);
    expect(await handleControl(backend, { op: 'service-url', namespace: 'default', name: 'web' })).toEqual({ urls: ['http://192.168.49.2:31000'] });
    expect(await handleControl(backend, { op: 'tunnel' })).toEqual({ services: [{ namespace: 'default', name: 'lb', ip: '127.0.0.1', ports: [8080] }] });
    expect(store.get('Service', 'default', 'lb')?.status).toMatchObject({ loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } });
  });
});
