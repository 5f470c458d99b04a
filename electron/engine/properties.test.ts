/**
 * Property tests: random sequences of commands and failures (fast-check, 100+ runs), checking the
 * invariants of the issue: no node over-committed by requests; no running pod on a deleted node;
 * every pod's owner exists (or the pod is garbage collected); ReplicaSets converge to their
 * replicas, and Deployments become available when capacity allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Node, Pod, ReplicaSet } from '../../shared/k8s/objects';
import { cpuMillis, quantityValue } from '../../shared/k8s/quantity';
import { StatusError } from './api';
import type { KubelabEngine } from './engine';
import { createDeployment, deployment, engine, patch, USER } from './testkit';

const IMAGES = ['nginx:1.27', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 'docker.io/kubelab/crashloop:1', 'gcr.io/google-samples/kubernetes-bootcamp:v10'];
const GOOD = new Set([0, 1]);
const CPUS = ['50m', '100m', '200m', '300m'];
const NODES = ['minikube', 'minikube-m02', 'minikube-m03'];

type Command =
  | { t: 'deploy'; i: number; replicas: number; image: number; cpu: number }
  | { t: 'scale'; i: number; replicas: number }
  | { t: 'image'; i: number; image: number }
  | { t: 'delete'; i: number; policy: 'Background' | 'Foreground' | 'Orphan' }
  | { t: 'power'; node: number; on: boolean }
  | { t: 'partition'; node: number; heal: boolean }
  | { t: 'cordon'; node: number; on: boolean }
  | { t: 'drain'; node: number }
  | { t: 'kill'; pod: number }
  | { t: 'deletePod'; pod: number }
  | { t: 'deleteNode'; node: number }
  | { t: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('deploy' as const), i: fc.nat(3), replicas: fc.nat(5), image: fc.nat(3), cpu: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('scale' as const), i: fc.nat(3), replicas: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('image' as const), i: fc.nat(3), image: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), i: fc.nat(3), policy: fc.constantFrom('Background' as const, 'Foreground' as const, 'Orphan' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('power' as const), node: fc.nat(2), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('partition' as const), node: fc.nat(2), heal: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cordon' as const), node: fc.nat(2), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drain' as const), node: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kill' as const), pod: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deletePod' as const), pod: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteNode' as const), node: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 500, max: 120_000 }) }) },
);

function tolerate(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}

function defaultPods(e: KubelabEngine): Pod[] {
  return e.store.list('Pod', { namespace: 'default' }).items as Pod[];
}

function apply(e: KubelabEngine, c: Command, images: Map<string, number>): void {
  const name = (i: number): string => `app${i}`;
  switch (c.t) {
    case 'deploy':
      images.set(name(c.i), c.image);
      return tolerate(() => createDeployment(e, deployment(name(c.i), IMAGES[c.image]!, c.replicas, { cpu: CPUS[c.cpu]!, memory: '64Mi' })));
    case 'scale':
      return tolerate(() => patch<Deployment>(e, 'Deployment', 'default', name(c.i), (d) => (d.spec.replicas = c.replicas)));
    case 'image':
      return tolerate(() => {
        patch<Deployment>(e, 'Deployment', 'default', name(c.i), (d) => (d.spec.template.spec.containers[0]!.image = IMAGES[c.image]!));
        images.set(name(c.i), c.image);
      });
    case 'delete':
      return tolerate(() => e.store.delete('Deployment', 'default', name(c.i), USER, { propagationPolicy: c.policy }));
    case 'power':
      return c.on ? e.failures.powerOn(NODES[c.node]!) : e.failures.powerOff(NODES[c.node]!);
    case 'partition':
      return c.heal ? e.failures.heal(NODES[c.node]!) : e.failures.partition(NODES[c.node]!);
    case 'cordon':
      return tolerate(() => (c.on ? e.failures.cordon(NODES[c.node]!) : e.failures.uncordon(NODES[c.node]!)));
    case 'drain':
      return tolerate(() => e.failures.drain(NODES[c.node]!));
    case 'kill': {
      const pods = defaultPods(e);
      const p = pods[c.pod % Math.max(1, pods.length)];
      if (p) tolerate(() => e.failures.killContainer('default', p.metadata.name));
      return;
    }
    case 'deletePod': {
      const pods = defaultPods(e);
      const p = pods[c.pod % Math.max(1, pods.length)];
      if (p) tolerate(() => e.store.delete('Pod', 'default', p.metadata.name, USER));
      return;
    }
    case 'deleteNode':
      return tolerate(() => e.store.delete('Node', undefined, NODES[c.node]!, USER));
    case 'advance':
      e.advance(c.ms);
      return;
  }
}

function checkCapacity(e: KubelabEngine): void {
  for (const node of e.store.list('Node', {}).items as Node[]) {
    const pods = (e.live.store.podsOnNode(node.metadata.name) as Pod[]).filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    let cpu = 0;
    let mem = 0;
    for (const p of pods) for (const c of p.spec.containers) {
      cpu += cpuMillis(c.resources?.requests?.cpu);
      mem += quantityValue(c.resources?.requests?.memory);
    }
    expect(cpu).toBeLessThanOrEqual(cpuMillis(node.status.allocatable!.cpu));
    expect(mem).toBeLessThanOrEqual(quantityValue(node.status.allocatable!.memory));
    expect(pods.length).toBeLessThanOrEqual(quantityValue(node.status.allocatable!.pods));
  }
}

function checkNoPodOnDeletedNode(e: KubelabEngine): void {
  const nodes = new Set(e.store.list('Node', {}).items.map((n) => n.metadata.name));
  for (const p of e.store.list('Pod', {}).items as Pod[]) {
    if (p.spec.nodeName && !nodes.has(p.spec.nodeName)) expect(p.status.phase).not.toBe('Running');
  }
}

function checkOwners(e: KubelabEngine): void {
  for (const kind of ['Pod', 'ReplicaSet']) {
    for (const o of e.store.list(kind, {}).items as KubeObject[]) {
      for (const ref of o.metadata.ownerReferences ?? []) expect(e.live.store.getByUid(ref.uid), `${kind} ${o.metadata.name} owner ${ref.kind}/${ref.name}`).toBeDefined();
    }
  }
}

describe('random command and failure sequences', () => {
  it('keep the invariants', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 4, maxLength: 18 }), fc.integer({ min: 1, max: 1000 }), (commands, seed) => {
        const e = engine({ nodes: 3, seed, systemPods: false, settleMs: 2000, recordExplanations: false });
        const images = new Map<string, number>();
        for (const c of commands) {
          apply(e, c, images);
          if (c.t === 'advance') {
            checkCapacity(e);
            checkNoPodOnDeletedNode(e);
          }
        }
        // Restore the cluster and let it settle.
        for (const n of e.nodeStates()) {
          e.failures.powerOn(n.name);
          e.failures.heal(n.name);
          tolerate(() => e.failures.uncordon(n.name));
        }
        e.advance(600_000);
        checkCapacity(e);
        checkNoPodOnDeletedNode(e);
        checkOwners(e);
        const nodes = e.store.list('Node', {}).items as Node[];
        const capacity = nodes.reduce((n, node) => n + cpuMillis(node.status.allocatable!.cpu), 0);
        const deployments = e.store.list('Deployment', { namespace: 'default' }).items as Deployment[];
        const wanted = deployments.reduce((n, d) => n + (d.spec.replicas ?? 0) * cpuMillis(d.spec.template.spec.containers[0]!.resources?.requests?.cpu), 0);
        for (const rs of e.store.list('ReplicaSet', { namespace: 'default' }).items as ReplicaSet[]) {
          expect(rs.status.replicas, `rs ${rs.metadata.name}`).toBe(rs.spec.replicas ?? 0);
        }
        if (wanted <= capacity / 2) {
          for (const d of deployments) {
            const image = IMAGES.indexOf(d.spec.template.spec.containers[0]!.image);
            if (!GOOD.has(image)) continue;
            expect(d.status.availableReplicas ?? 0, `deployment ${d.metadata.name}`).toBe(d.spec.replicas ?? 0);
          }
        }
      }),
      { numRuns: 120 },
    );
  }, 240_000);
});
