/**
 * Requests from inside the cluster go through the same model: the tutorial's `kubectl proxy` paths
 * (pod and Service proxy subresources of a real API server over the real engine) answer with the
 * bootcamp page, Service requests are drawn, and a Service request never reaches a dead node's pod.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/k8s/objects';
import { startHarness, type Harness } from '../apiserver/testing/harness';
import { USER, createDeployment, deployment, engine, isReady, podsOf, until } from '../engine/testkit';
import { createTrafficManager, type TrafficManager } from './traffic-manager';

const idle = { setInterval: () => 0, clearInterval: () => undefined };
let harness: Harness | undefined;
let manager: TrafficManager | undefined;
afterEach(async () => {
  await harness?.close();
  await manager?.stop();
  harness = manager = undefined;
});

function bootcamp(nodes: number, replicas: number) {
  const e = engine({ nodes });
  createDeployment(e, deployment('kubernetes-bootcamp', 'gcr.io/google-samples/kubernetes-bootcamp:v1', replicas));
  e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes-bootcamp', namespace: 'default' }, spec: { selector: { app: 'kubernetes-bootcamp' }, ports: [{ port: 8080 }] } } as KubeObject, USER);
  until(e, () => podsOf(e, 'kubernetes-bootcamp').filter(isReady).length === replicas);
  e.advance(1000);
  return e;
}

describe('in-cluster traffic', () => {
  it("the tutorial's kubectl proxy paths answer with the bootcamp page, and Service requests are drawn", async () => {
    const e = bootcamp(2, 2);
    manager = createTrafficManager({ engine: e, seed: 1, timers: idle, listen: false });
    await manager.start();
    const m = manager;
    harness = await startHarness({ store: e.store, get runtime() { return m.observe(e.runtime); }, now: () => e.now() });
    const pod = podsOf(e, 'kubernetes-bootcamp')[0]!.metadata.name;
    const viaPod = await harness.request('GET', `/api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
    expect(viaPod.status).toBe(200);
    expect(viaPod.text).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
    const viaService = await harness.request('GET', '/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/');
    expect(viaService.status).toBe(200);
    expect(viaService.text).toMatch(/^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-\S+ \| v=1\n$/);
    const frame = m.tick()!;
    expect(frame.samples).toEqual([expect.objectContaining({ source: 'pod', status: 200, outcome: 'ok', service: { namespace: 'default', name: 'kubernetes-bootcamp' } })]);
  });

  it("a Service request does not reach a powered-off node's pod: it times out there until the endpoints update", () => {
    const e = bootcamp(3, 6);
    manager = createTrafficManager({ engine: e, seed: 1, timers: idle, listen: false });
    const runtime = manager.observe(e.runtime);
    const victim = 'minikube-m02';
    const onVictim = new Set(podsOf(e, 'kubernetes-bootcamp').filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name));
    expect(onVictim.size).toBeGreaterThan(0);
    e.failures.powerOff(victim);
    const answers = Array.from({ length: 60 }, () => runtime.http({ kind: 'service', namespace: 'default', name: 'kubernetes-bootcamp', port: 8080, path: '/' }));
    expect(answers.some((a) => a.status === 503 && a.body.includes('i/o timeout'))).toBe(true);
    expect(answers.filter((a) => a.status === 200).every((a) => !onVictim.has(a.pod!.name))).toBe(true);
    until(e, () => podsOf(e, 'kubernetes-bootcamp').filter((p) => onVictim.has(p.metadata.name)).every((p) => !isReady(p)), 120_000, 1000);
    e.advance(2000);
    const after = Array.from({ length: 60 }, () => runtime.http({ kind: 'service', namespace: 'default', name: 'kubernetes-bootcamp', port: 8080, path: '/' }));
    expect(after.every((a) => a.status === 200 && !onVictim.has(a.pod!.name))).toBe(true);
  });
});
