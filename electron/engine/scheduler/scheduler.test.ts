/**
 * The scheduler: bin packing with MostAllocated versus spreading with LeastAllocated, upstream's
 * FailedScheduling wording, retry when the cluster changes, explain() records, and taints/selectors.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../../shared/k8s/objects';
import { engine, get, USER } from '../testkit';
import { fitErrorMessage, numFeasibleNodesToFind } from './scheduler';

function pod(name: string, cpu: string, extra: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu, memory: '128Mi' } } }], ...extra }, status: {} } as Pod;
}

function nodesUsed(strategy: 'LeastAllocated' | 'MostAllocated'): number {
  const e = engine({ nodes: 6, scoringStrategy: strategy, systemPods: false });
  for (let i = 0; i < 20; i++) e.store.create('Pod', pod(`p${i}`, '250m'), USER);
  e.advance(2000);
  const pods = e.store.list('Pod', { namespace: 'default' }).items as Pod[];
  expect(pods.every((p) => p.spec.nodeName)).toBe(true);
  return new Set(pods.map((p) => p.spec.nodeName)).size;
}

describe('scheduler', () => {
  it('packs the same 20 pods on fewer nodes with MostAllocated than with LeastAllocated', () => {
    const least = nodesUsed('LeastAllocated');
    const most = nodesUsed('MostAllocated');
    expect(least).toBe(6);
    expect(most).toBeLessThan(least);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('words FailedScheduling as upstream and retries when a node is added', () => {
    const e = engine({ nodes: 3, systemPods: false });
    e.store.create('Pod', pod('huge', '3'), USER);
    e.advance(1000);
    const ev = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=huge,reason=FailedScheduling' }).items[0] as KubeEvent;
    expect(ev.message).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    expect(ev.type).toBe('Warning');
    expect(ev.source?.component).toBe('default-scheduler');
    const p = get<Pod>(e, 'Pod', 'default', 'huge')!;
    expect(p.status.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    const explained = e.explain(p.metadata.uid!)!;
    expect(explained.cycles[0]!.verdicts.map((v) => v.reasons[0])).toEqual(['Insufficient cpu', 'Insufficient cpu', 'Insufficient cpu']);
    // A bigger node joins: the pod is retried and lands there.
    const big = e.live.addNode();
    e.live.store.update('Node', { ...e.live.store.get('Node', undefined, big)!, status: { ...(e.live.store.get('Node', undefined, big)!.status as object), allocatable: { cpu: '8', memory: '16Gi', pods: '110' } } }, USER, { subresource: 'status' });
    e.advance(15_000);
    expect(get<Pod>(e, 'Pod', 'default', 'huge')!.spec.nodeName).toBe(big);
  });

  it('respects nodeSelector, taints and cordoned nodes, and explains scores', () => {
    const e = engine({ nodes: 3, systemPods: false });
    e.failures.cordon('minikube');
    e.advance(100);
    e.store.create('Pod', pod('sel', '100m', { nodeSelector: { 'kubernetes.io/hostname': 'minikube' } }), USER);
    e.store.create('Pod', pod('free', '100m'), USER);
    e.advance(1000);
    const ev = e.store.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=sel,reason=FailedScheduling' }).items[0] as KubeEvent;
    expect(ev.message).toBe("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    const free = get<Pod>(e, 'Pod', 'default', 'free')!;
    expect(free.spec.nodeName).not.toBe('minikube');
    const cycle = e.explain(free.metadata.uid!)!.cycles[0]!;
    expect(cycle.selectedNode).toBe(free.spec.nodeName);
    const chosen = cycle.verdicts.find((v) => v.node === free.spec.nodeName)!;
    expect(chosen.scores).toHaveProperty('NodeResourcesFit');
    expect(chosen.total).toBe(Math.max(...cycle.verdicts.filter((v) => v.total !== undefined).map((v) => v.total!)));
  });

  it('computes upstream helper values', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(fitErrorMessage([{ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'], plugin: 'TaintToleration' }, { code: 'Unschedulable', reasons: ['Insufficient memory'], plugin: 'NodeResourcesFit' }], 2)).toBe(
      '0/2 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });
});
