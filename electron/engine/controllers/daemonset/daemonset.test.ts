/**
 * The DaemonSet controller on the virtual clock: kube-proxy on every node from bootstrap, a node
 * added later gets its pod, NoSchedule taints are honoured unless tolerated, a rolling update keeps
 * at most maxUnavailable nodes without an available pod, and the status counts.
 */
import { describe, expect, it } from 'vitest';
import type { ControllerRevision, DaemonSet, Node, Pod } from '../../../../shared/k8s/objects';
import type { Engine } from '../../api';
import { USER, engine, get, isReady, patch, until } from '../../testkit';

function daemonPods(e: Engine, app: string, namespace = 'default'): Pod[] {
  return (e.store.list('Pod', { namespace }).items as Pod[]).filter((p) => p.metadata.labels?.app === app || p.metadata.labels?.['k8s-app'] === app);
}

function daemonSet(name: string, image: string, extra: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } }, ...extra },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  };
}

const IMAGE = 'nginx:1.27';
const IMAGE2 = 'nginx:1.26';

describe('DaemonSet controller', () => {
  it('runs kube-proxy as a DaemonSet with one owned pod per node', () => {
    const e = engine({ nodes: 3 });
    const ds = get<DaemonSet>(e, 'DaemonSet', 'kube-system', 'kube-proxy')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, numberMisscheduled: 0, observedGeneration: 1 });
    const pods = daemonPods(e, 'kube-proxy', 'kube-system');
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^kube-proxy-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'kube-proxy', controller: true })]);
      expect(p.metadata.labels?.['pod-template-generation']).toBe('1');
      const terms = (p.spec.affinity as { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } }).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(p.spec.tolerations?.map((t) => t.key ?? '')).toContain('node.kubernetes.io/network-unavailable');
    }
    const revisions = e.store.list('ControllerRevision', { namespace: 'kube-system' }).items as ControllerRevision[];
    expect(revisions).toHaveLength(1);
    expect(pods[0]!.metadata.labels?.['controller-revision-hash']).toBe(revisions[0]!.metadata.labels?.['controller-revision-hash']);
  });

  it('gives a node added later its daemon pod', () => {
    const e = engine({ nodes: 2 });
    const added = e.addNode();
    until(e, () => daemonPods(e, 'kube-proxy', 'kube-system').some((p) => p.spec.nodeName === added && isReady(p)), 120_000);
    expect(daemonPods(e, 'kube-proxy', 'kube-system')).toHaveLength(3);
    until(e, () => get<DaemonSet>(e, 'DaemonSet', 'kube-system', 'kube-proxy')!.status.numberReady === 3, 60_000);
    expect(get<DaemonSet>(e, 'DaemonSet', 'kube-system', 'kube-proxy')!.status.desiredNumberScheduled).toBe(3);
  });

  it('skips a NoSchedule-tainted node unless the template tolerates the taint', () => {
    const e = engine({ nodes: 3 });
    patch<Node>(e, 'Node', undefined, 'minikube-m03', (n) => {
      n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
    });
    e.store.create('DaemonSet', daemonSet('agent', IMAGE), USER);
    e.store.create('DaemonSet', { ...daemonSet('tolerant', IMAGE), spec: { ...daemonSet('tolerant', IMAGE).spec, template: { metadata: { labels: { app: 'tolerant' } }, spec: { containers: [{ name: 'c', image: IMAGE }], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } } } }, USER);
    until(e, () => get<DaemonSet>(e, 'DaemonSet', 'default', 'tolerant')!.status.numberReady === 3, 120_000);
    until(e, () => get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status.numberReady === 2, 120_000);
    expect(daemonPods(e, 'agent').map((p) => p.spec.nodeName).sort()).toEqual(['minikube', 'minikube-m02']);
    expect(daemonPods(e, 'tolerant').map((p) => p.spec.nodeName).sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    expect(get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('counts a pod on a node that stopped matching as misscheduled, then deletes it', () => {
    const e = engine({ nodes: 2 });
    e.store.create('DaemonSet', daemonSet('agent', IMAGE, { template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: IMAGE }], nodeSelector: { 'kubernetes.io/os': 'linux' } } } }), USER);
    until(e, () => get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status.numberReady === 2, 120_000);
    patch<Node>(e, 'Node', undefined, 'minikube-m02', (n) => {
      n.metadata.labels = { ...n.metadata.labels, 'kubernetes.io/os': 'windows' };
    });
    until(e, () => daemonPods(e, 'agent').length === 1, 120_000);
    expect(daemonPods(e, 'agent')[0]!.spec.nodeName).toBe('minikube');
    expect(get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('rolls a new template out with at most maxUnavailable nodes unavailable', () => {
    const e = engine({ nodes: 4 });
    e.store.create('DaemonSet', daemonSet('agent', IMAGE), USER);
    until(e, () => get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status.numberAvailable === 4, 120_000);
    expect(get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    patch<DaemonSet>(e, 'DaemonSet', 'default', 'agent', (d) => {
      d.spec.template.spec.containers[0]!.image = IMAGE2;
    });
    let worst = 0;
    until(e, () => {
      const nodes = new Set(daemonPods(e, 'agent').filter((p) => isReady(p) && !p.metadata.deletionTimestamp).map((p) => p.spec.nodeName));
      worst = Math.max(worst, 4 - nodes.size);
      const ds = get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!;
      return ds.status.observedGeneration === 2 && ds.status.updatedNumberScheduled === 4 && ds.status.numberAvailable === 4 && daemonPods(e, 'agent').length === 4;
    }, 600_000, 100);
    expect(worst).toBe(1);
    expect(daemonPods(e, 'agent').every((p) => p.spec.containers[0]!.image === IMAGE2)).toBe(true);
    const revisions = (e.store.list('ControllerRevision', { namespace: 'default' }).items as ControllerRevision[]).map((r) => r.revision).sort();
    expect(revisions).toEqual([1, 2]);
    expect(get<DaemonSet>(e, 'DaemonSet', 'default', 'agent')!.status.observedGeneration).toBe(2);
  });

  it('refuses a rolling update with both maxSurge and maxUnavailable, in upstream words', () => {
    const e = engine({ nodes: 1 });
    expect(() => e.store.create('DaemonSet', daemonSet('bad', IMAGE, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }), USER)).toThrow(/spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero/);
  });
});
