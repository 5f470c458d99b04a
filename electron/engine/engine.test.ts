/**
 * The Engine surface the app uses: snapshot, batched deltas per advance, stepping to the next
 * timer, log following, and the default objects of a fresh cluster.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod, Service } from '../../shared/k8s/objects';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import { createEngine } from './index';
import { createDeployment, deployment, engine, get, isReady, podsOf, until } from './testkit';

describe('engine surface', () => {
  it('creates the objects of a fresh minikube cluster', () => {
    const e = createEngine({ seed: 1, nodes: 3 });
    const names = (kind: string, ns?: string): string[] => e.store.list(kind, ns ? { namespace: ns } : {}).items.map((o) => o.metadata.name);
    expect(names('Namespace')).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(names('Node')).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    const first = get<Node>(e, 'Node', undefined, 'minikube')!;
    expect(first.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'minikube', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' });
    expect(first.status.addresses).toContainEqual({ type: 'InternalIP', address: '192.168.49.2' });
    expect(first.status.nodeInfo?.kubeletVersion).toBe('v1.32.4');
    expect(get<Node>(e, 'Node', undefined, 'minikube-m03')!.spec.podCIDR).toBe('10.244.2.0/24');
    expect(get<Service>(e, 'Service', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
    const dns = get<Service>(e, 'Service', 'kube-system', 'kube-dns')!;
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(dns.metadata.labels).toEqual({ 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' });
    expect(names('Lease', 'kube-node-lease')).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    const coredns = (e.store.list('Pod', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' }).items as Pod[])[0]!;
    expect(coredns.status.phase).toBe('Running');
    expect(get(e, 'StorageClass', undefined, 'standard')!.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
  });

  it('batches deltas per advance and numbers them by frame', () => {
    const e = engine({ nodes: 2 });
    const deltas: Omit<ClusterDelta, 'clock'>[] = [];
    const off = e.onDelta((d) => deltas.push(d));
    createDeployment(e, deployment('d', 'nginx:1.27', 2));
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.changes.map((c) => `${c.type}:${c.object.kind}`)).toEqual(['ADDED:Deployment']);
    e.advance(10_000);
    expect(deltas).toHaveLength(2);
    expect(deltas[1]!.frame).toBe(e.timeline.state().length);
    expect(deltas[1]!.changes.length).toBeGreaterThan(10);
    const snap = e.snapshot({ now: e.now(), speed: 1, paused: false });
    expect(snap.frame).toBe(e.timeline.state().length);
    expect(snap.objects.filter((o: KubeObject) => o.kind === 'Pod' && o.metadata.namespace === 'default')).toHaveLength(2);
    off();
    e.advance(1000);
    expect(deltas).toHaveLength(2);
  });

  it('steps to the next timer', () => {
    const e = engine({ nodes: 1 });
    const t = e.nextEventTime()!;
    expect(t).toBeGreaterThanOrEqual(e.now());
    expect(e.stepToNextEvent()).toBe(true);
    expect(e.now()).toBe(t);
  });

  it('follows container logs', () => {
    const e = engine({ nodes: 1 });
    createDeployment(e, deployment('b', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 1));
    until(e, () => podsOf(e, 'b').some(isReady));
    e.advance(1000); // the process listens a moment after it starts
    const pod = podsOf(e, 'b')[0]!.metadata.name;
    const lines: string[] = [];
    e.runtime.onLog('default', pod, '', (l) => lines.push(l));
    e.runtime.http({ kind: 'pod', namespace: 'default', name: pod, port: 8080, path: '/' });
    expect(lines[0]).toMatch(new RegExp(`^Running On: ${pod} \\| Total Requests: 1 \\| App Uptime: [0-9.]+ seconds \\| Log Time: 2026-`));
  });
});
