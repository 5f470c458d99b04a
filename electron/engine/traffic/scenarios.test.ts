/**
 * The traffic model over a real in-process engine: scaling drains pods from the endpoints, a
 * rollout shifts answers from v=1 to v=2 through a mixed period, a powered-off node gives errors
 * until its endpoints leave the slices and then traffic recovers, and cluster DNS answers.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod } from '../../../shared/k8s/objects';
import type { Engine } from '../api';
import { USER, createDeployment, deployment, engine, isReady, podsOf, scale, setImage, until } from '../testkit';
import { createTrafficModel, type GeneratorSpec } from './model';
import { worldFromEngine } from './world';

function expose(e: Engine, name: string, port = 8080, extra: Record<string, unknown> = {}): void {
  e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'NodePort', selector: { app: name }, ports: [{ port }], ...extra } } as KubeObject, USER);
}

function readyEndpoints(e: Engine, svc: string): Set<string> {
  const slices = e.store.list('EndpointSlice', { namespace: 'default', labelSelector: `kubernetes.io/service-name=${svc}` }).items as EndpointSlice[];
  return new Set(slices.flatMap((s) => (s.endpoints ?? []).filter((x) => x.conditions?.ready).map((x) => x.targetRef!.name)));
}

/** Advances the engine in 100 ms ticks, running the traffic model on each, until `done` or maxMs. */
function run(e: Engine, gens: GeneratorSpec[], maxMs: number, onTick: (frame: ReturnType<ReturnType<typeof createTrafficModel>['tick']>, ready: Set<string>) => boolean | void, seed = 1): void {
  const model = createTrafficModel({ seed });
  const start = e.now();
  while (e.now() - start < maxMs) {
    const from = e.now();
    e.advance(100);
    const frame = model.tick(worldFromEngine(e), gens, from, e.now());
    if (onTick(frame, readyEndpoints(e, gens[0]!.name))) return;
  }
}

describe('traffic through a live engine', () => {
  it('no request reaches a pod after it leaves the ready endpoints (scale 4 → 1)', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 4));
    expose(e, 'web');
    until(e, () => readyEndpoints(e, 'web').size === 4);
    const gens = [{ namespace: 'default', name: 'web', rate: 500, clients: 100 }];
    const left = new Map<string, number>();
    let hits = 0;
    scale(e, 'web', 1);
    run(e, gens, 40_000, (frame, ready) => {
      for (const p of podsOf(e, 'web')) if (!ready.has(p.metadata.name) && !left.has(p.metadata.name)) left.set(p.metadata.name, frame.toMs);
      for (const p of frame.pods) {
        // A pod gone from the ready endpoints by the end of this tick gets nothing in it.
        expect(ready.has(p.name), `${p.name} answered after leaving the endpoints`).toBe(true);
        hits += p.requests;
      }
      return podsOf(e, 'web').length === 1;
    });
    expect(left.size).toBe(3);
    expect(hits).toBeGreaterThan(0);
  });

  it('a rollout v1 → v2 moves answers from v=1 to v=2 through a mixed period', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('boot', 'jocatalin/kubernetes-bootcamp:v1', 4));
    expose(e, 'boot');
    until(e, () => readyEndpoints(e, 'boot').size === 4 && podsOf(e, 'boot').every(isReady));
    const gens = [{ namespace: 'default', name: 'boot', rate: 400, clients: 200 }];
    const phases: string[] = [];
    run(e, gens, 1000, (frame) => void phases.push([...new Set(frame.pods.map((p) => p.version))].sort().join('+')));
    setImage(e, 'boot', 'jocatalin/kubernetes-bootcamp:v2');
    let v2Only = 0;
    run(e, gens, 120_000, (frame) => {
      phases.push([...new Set(frame.pods.map((p) => p.version))].sort().join('+'));
      v2Only = phases.at(-1) === 'v2' ? v2Only + 1 : 0;
      return v2Only >= 10;
    });
    expect(phases[0]).toBe('v1');
    expect(phases).toContain('v1+v2');
    expect(phases.at(-1)).toBe('v2');
    const firstV2 = phases.indexOf('v2');
    expect(phases.slice(firstV2).every((p) => p === 'v2')).toBe(true);
    // The answering pod's image says so: through the runtime, a v2 pod answers v=2.
    const model = createTrafficModel({ seed: 2 });
    const d = model.decide(worldFromEngine(e), 'default', 'boot', 8080, { ip: '10.244.1.1' });
    const answer = e.runtime.http({ kind: 'pod', namespace: 'default', name: d.decision.endpoint!.pod, port: 8080, path: '/' });
    expect(answer.body).toMatch(/^Hello Kubernetes bootcamp! \| Running on: boot-[a-z0-9]+-[a-z0-9]+ \| v=2\n$/);
  });

  it('a powered-off node gives errors until its endpoints are removed, then traffic recovers', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    // ClusterIP traffic, so every failure seen comes from an endpoint (NodePort clients entering on the dead node would time out too).
    expose(e, 'web', 80, { type: 'ClusterIP' });
    until(e, () => readyEndpoints(e, 'web').size === 6);
    const victim = 'minikube-m02';
    expect(podsOf(e, 'web').some((p) => p.spec.nodeName === victim)).toBe(true);
    const gens = [{ namespace: 'default', name: 'web', rate: 300, clients: 100 }];
    const offAt = e.now();
    e.failures.powerOff(victim);
    let firstError: number | undefined;
    let lastError = 0;
    let cleanAfter = 0;
    run(e, gens, 200_000, (frame, ready) => {
      const errors = frame.services[0]?.errors ?? 0;
      if (errors > 0) {
        firstError ??= frame.toMs;
        lastError = frame.toMs;
        expect(frame.samples.filter((s) => s.outcome !== 'ok').every((s) => s.outcome === 'timeout' && s.pod?.node === victim)).toBe(true);
        cleanAfter = 0;
      } else if (firstError !== undefined) cleanAfter++;
      // Recovered once nothing on the victim is a ready endpoint and a few seconds ran clean.
      const onVictim = (e.store.list('Pod', { namespace: 'default', labelSelector: 'app=web' }).items as Pod[]).filter((p) => p.spec.nodeName === victim && ready.has(p.metadata.name));
      return onVictim.length === 0 && cleanAfter >= 30;
    });
    expect(firstError).toBeDefined();
    expect(firstError! - offAt).toBeLessThan(1000);
    // Errors last until the node controller marks the pods not ready (~40-60 s after power-off).
    expect(lastError - offAt).toBeGreaterThan(30_000);
    expect(lastError - offAt).toBeLessThan(70_000);
    expect(cleanAfter).toBeGreaterThanOrEqual(30);
  });

  it('cluster DNS: ClusterIP names, headless pod IPs and ExternalName CNAMEs', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    expose(e, 'web', 80);
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-headless', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } } as KubeObject, USER);
    e.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'search', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'www.example.com' } } as KubeObject, USER);
    until(e, () => readyEndpoints(e, 'web-headless').size === 2);
    const ip = (e.store.get('Service', 'default', 'web') as { spec: { clusterIP: string } }).spec.clusterIP;
    expect(ip).toMatch(/^10\.(9[6-9]|1[01]\d)\./);
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local', 'web.default.svc.cluster.local.']) expect(e.runtime.resolve(name, 'default')).toEqual({ addresses: [ip] });
    // From another namespace the short name does not resolve, the qualified one does.
    expect(e.runtime.resolve('web', 'kube-system')).toBeUndefined();
    expect(e.runtime.resolve('web.default', 'kube-system')).toEqual({ addresses: [ip] });
    const podIps = podsOf(e, 'web').map((p) => p.status.podIP).sort();
    expect(e.runtime.resolve('web-headless', 'default')!.addresses.sort()).toEqual(podIps);
    expect(e.runtime.resolve('search.default.svc.cluster.local', 'default')).toEqual({ addresses: [], cname: 'www.example.com' });
    expect(e.runtime.resolve('kubernetes.default', 'kube-system')?.addresses).toHaveLength(1);
    // ExternalName is never proxied: traffic to it is refused by the model.
    const frame = createTrafficModel({ seed: 1 }).tick(worldFromEngine(e), [{ namespace: 'default', name: 'search', rate: 10, clients: 1 }], 0, 1000);
    expect(frame.services[0]).toMatchObject({ requests: 10, errors: 10 });
  });
});
