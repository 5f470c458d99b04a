/**
 * The traffic model on hand-built worlds: kube-proxy's balancing (chi-square), session affinity,
 * externalTrafficPolicy, failure outcomes and determinism per slot.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Node, Pod, Service } from '../../../shared/k8s/objects';
import { createTrafficModel, type GeneratorSpec } from './model';
import type { TrafficWorld } from './routes';

const IMAGE = 'gcr.io/google-samples/kubernetes-bootcamp:v1';

function pod(name: string, node: string, image = IMAGE): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: node, containers: [{ name: 'web', image }] }, status: { phase: 'Running', podIP: `10.244.0.${name.length}` } };
}

function world(opts: { pods: [string, string][]; ready?: string[]; type?: Service['spec']['type']; affinity?: boolean; policy?: 'Local' | 'Cluster'; down?: string[]; image?: string; notReadyNodes?: string[] }): TrafficWorld {
  const pods = opts.pods.map(([n, node]) => pod(n, node, opts.image));
  const svc: Service = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
    spec: { type: opts.type ?? 'ClusterIP', selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ port: 8080, targetPort: 8080, ...(opts.type === 'NodePort' ? { nodePort: 30080 } : {}) }], ...(opts.affinity ? { sessionAffinity: 'ClientIP' } : {}), ...(opts.policy ? { externalTrafficPolicy: opts.policy } : {}) },
  };
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4',
    endpoints: pods.map((p) => ({ addresses: [p.status.podIP!], nodeName: p.spec.nodeName!, conditions: { ready: opts.ready ? opts.ready.includes(p.metadata.name) : true }, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default' } })),
    ports: [{ name: '', port: 8080 }],
  };
  const nodes: Node[] = ['minikube', 'minikube-m02', 'minikube-m03'].map((name, i) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: `192.168.49.${i + 2}` }], ...(opts.notReadyNodes ? { conditions: [{ type: 'Ready', status: opts.notReadyNodes.includes(name) ? 'Unknown' : 'True' }] } : {}) } }) as Node);
  return { services: [svc], slices: [slice], pods, nodes, downNodes: new Set(opts.down ?? []) };
}

const gen = (rate: number, clients = 500): GeneratorSpec[] => [{ namespace: 'default', name: 'web', rate, clients }];
const FOUR: [string, string][] = [['web-a', 'minikube'], ['web-b', 'minikube-m02'], ['web-c', 'minikube-m03'], ['web-d', 'minikube']];

describe('traffic model', () => {
  it('balances 10k requests over 4 ready pods (chi-square, df=3, p>0.001)', () => {
    const model = createTrafficModel({ seed: 7 });
    const frame = model.tick(world({ pods: FOUR }), gen(10_000), 0, 1000);
    const counts = frame.pods.map((p) => p.requests);
    expect(counts).toHaveLength(4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    const expected = 2500;
    const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(16.27);
    expect(frame.services[0]).toMatchObject({ name: 'web', requests: 10_000, errors: 0 });
    expect(frame.services[0]!.rate).toBeCloseTo(10_000, -1);
    expect(frame.services[0]!.p95Ms).toBeGreaterThan(frame.services[0]!.p50Ms);
  });

  it('with sessionAffinity ClientIP one client always reaches the same pod', () => {
    const model = createTrafficModel({ seed: 3 });
    const w = world({ pods: FOUR, affinity: true });
    const single = model.tick(w, gen(2000, 1), 0, 1000);
    expect(single.pods).toHaveLength(1);
    expect(single.pods[0]!.requests).toBe(2000);
    // Many clients still spread, each one sticking: every sample of a client shows one pod.
    const many = model.tick(w, gen(2000, 50), 1000, 2000);
    expect(many.pods.length).toBeGreaterThan(1);
    const perClient = new Map<string, Set<string>>();
    for (let i = 0; i < 200; i++) {
      const ip = `10.244.9.${i % 20}`;
      const pod = model.decide(w, 'default', 'web', 8080, { ip }).decision.endpoint!.pod;
      (perClient.get(ip) ?? perClient.set(ip, new Set()).get(ip)!).add(pod);
    }
    expect([...perClient.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('never sends a request to a pod that is not a ready endpoint', () => {
    const model = createTrafficModel({ seed: 1 });
    const frame = model.tick(world({ pods: FOUR, ready: ['web-a', 'web-c'] }), gen(5000), 0, 1000);
    expect(frame.pods.map((p) => p.name).sort()).toEqual(['web-a', 'web-c']);
  });

  it('refuses connections when no endpoint is ready', () => {
    const model = createTrafficModel({ seed: 1 });
    const frame = model.tick(world({ pods: FOUR, ready: [] }), gen(100), 0, 1000);
    expect(frame.services[0]).toMatchObject({ requests: 100, errors: 100 });
    expect(frame.samples.every((s) => s.outcome === 'refused' && !s.pod)).toBe(true);
  });

  it('times out on endpoints whose node is down, and only there', () => {
    const model = createTrafficModel({ seed: 5 });
    const frame = model.tick(world({ pods: FOUR, down: ['minikube-m02'] }), gen(4000), 0, 1000);
    const b = frame.pods.find((p) => p.name === 'web-b')!;
    expect(b.errors).toBe(b.requests);
    expect(frame.pods.filter((p) => p.name !== 'web-b').every((p) => p.errors === 0)).toBe(true);
    expect(frame.samples.filter((s) => s.outcome === 'timeout').every((s) => s.pod?.node === 'minikube-m02')).toBe(true);
    expect(frame.services[0]!.p95Ms).toBeGreaterThanOrEqual(2500);
  });

  it('externalTrafficPolicy Local keeps NodePort traffic on the entry node; Cluster adds hops', () => {
    const model = createTrafficModel({ seed: 9, samplesPerFrame: 5000 });
    const local = model.tick(world({ pods: FOUR, type: 'NodePort', policy: 'Local' }), gen(3000, 300), 0, 1000);
    const ok = local.samples.filter((s) => s.outcome === 'ok');
    expect(ok.length).toBeGreaterThan(100);
    expect(ok.every((s) => s.entryNode === s.pod?.node)).toBe(true);
    const cluster = model.tick(world({ pods: FOUR, type: 'NodePort', policy: 'Cluster' }), gen(3000, 300), 0, 1000);
    expect(cluster.samples.some((s) => s.entryNode !== s.pod?.node)).toBe(true);
    // Local with no endpoint on the entry node: dropped, the client times out.
    const lonely = model.tick(world({ pods: [['web-a', 'minikube']], type: 'NodePort', policy: 'Local' }), gen(3000, 300), 0, 1000);
    expect(lonely.samples.some((s) => s.outcome === 'timeout' && s.entryNode !== 'minikube')).toBe(true);
    expect(lonely.samples.filter((s) => s.outcome === 'ok').every((s) => s.entryNode === 'minikube')).toBe(true);
  });

  it('answers with an error when the image does not listen on the target port', () => {
    const model = createTrafficModel({ seed: 2 });
    const frame = model.tick(world({ pods: FOUR, image: 'busybox' }), gen(100), 0, 1000);
    expect(frame.services[0]!.errors).toBe(100);
    expect(frame.samples[0]).toMatchObject({ outcome: 'error', status: 502 });
  });

  it('simulates at most maxWindowMs of a long jump, keeping the rate right', () => {
    const frame = createTrafficModel({ seed: 1, maxWindowMs: 1000 }).tick(world({ pods: FOUR }), gen(500), 0, 60_000);
    expect(frame).toMatchObject({ fromMs: 59_000, toMs: 60_000 });
    expect(frame.services[0]).toMatchObject({ requests: 500, rate: 500 });
  });

  it('NodePort clients entering on a dead node time out', () => {
    const frame = createTrafficModel({ seed: 1, samplesPerFrame: 2000 }).tick(world({ pods: FOUR, type: 'NodePort', down: ['minikube-m03'] }), gen(1000, 300), 0, 1000);
    const viaDead = frame.samples.filter((s) => s.entryNode === 'minikube-m03');
    expect(viaDead.length).toBeGreaterThan(0);
    expect(viaDead.every((s) => s.outcome === 'timeout' && !s.pod)).toBe(true);
    // Once the cluster marks it NotReady, clients stop entering there.
    const later = createTrafficModel({ seed: 1, samplesPerFrame: 2000 }).tick(world({ pods: FOUR, type: 'NodePort', down: ['minikube-m03'], notReadyNodes: ['minikube-m03'] }), gen(1000, 300), 0, 1000);
    expect(later.samples.some((s) => s.entryNode === 'minikube-m03')).toBe(false);
  });

  it('gives the same traffic for the same slots (step, pause and rewind agree)', () => {
    const w = world({ pods: FOUR });
    const a = createTrafficModel({ seed: 11 }).tick(w, gen(700), 3000, 4000);
    const model = createTrafficModel({ seed: 11 });
    for (let t = 0; t < 5000; t += 1000) model.tick(w, gen(700), t, t + 1000);
    const b = model.tick(w, gen(700), 3000, 4000);
    expect(b.samples).toEqual(a.samples);
    expect(b.pods.map((p) => p.requests)).toEqual(a.pods.map((p) => p.requests));
    // Ticking in small steps gives the same requests as one big tick.
    const small = createTrafficModel({ seed: 11 });
    let total = 0;
    for (let t = 3000; t < 4000; t += 50) total += small.tick(w, gen(700), t, t + 50).services[0]?.requests ?? 0;
    expect(total).toBe(a.services[0]!.requests);
    const other = createTrafficModel({ seed: 12 }).tick(w, gen(700), 3000, 4000);
    expect(other.samples.map((s) => s.pod?.name)).not.toEqual(a.samples.map((s) => s.pod?.name));
  });

  it('samples a bounded number of requests but always the real ones', () => {
    const model = createTrafficModel({ seed: 4, samplesPerFrame: 50 });
    const w = world({ pods: FOUR });
    const real = model.decide(w, 'default', 'web', 8080, { ip: '127.0.0.1', entryNode: 'minikube' });
    expect(real.decision.outcome).toBe('ok');
    model.record({ id: 'real:1', at: 10, latencyMs: real.latencyMs, service: { namespace: 'default', name: 'web' }, source: 'host', pod: { name: real.decision.endpoint!.pod }, status: 200, outcome: 'ok' });
    const frame = model.tick(w, gen(20_000), 0, 1000);
    expect(frame.samples.length).toBeLessThanOrEqual(51);
    expect(frame.samples.some((s) => s.id === 'real:1' && s.source === 'host')).toBe(true);
    expect(frame.services[0]!.requests).toBe(20_001);
  });
});
