/**
 * Powering a node off: the kubelet stops renewing its Lease, so the node goes NotReady (Ready
 * Unknown) about 50 s later and is tainted unreachable; its pods are evicted when their 300 s
 * tolerations run out and replacements run on other nodes. Powering it back on heals the node.
 */
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Node, Pod } from '../../shared/k8s/objects';
import { createDeployment, deployment, engine, get, isReady, podsOf, until } from './testkit';

describe('node power-off', () => {
  it('goes NotReady after ~50 s, evicts after ~300 s more, and reschedules elsewhere', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    until(e, () => podsOf(e, 'web').filter((p) => p.status.phase === 'Running' && isReady(p)).length === 6);
    const victim = 'minikube-m02';
    const onVictim = podsOf(e, 'web').filter((p) => p.spec.nodeName === victim);
    expect(onVictim.length).toBeGreaterThan(0);
    const offAt = e.now();
    e.failures.powerOff(victim);

    // Pods keep reporting Running until the control plane reacts.
    e.advance(30_000);
    expect(podsOf(e, 'web').filter((p) => p.spec.nodeName === victim).every((p) => p.status.phase === 'Running')).toBe(true);

    const readyOf = (): string | undefined => get<Node>(e, 'Node', undefined, victim)!.status.conditions!.find((c) => c.type === 'Ready')!.status;
    until(e, () => readyOf() === 'Unknown', 120_000, 1000);
    const notReadyAfter = e.now() - offAt;
    expect(notReadyAfter).toBeGreaterThanOrEqual(40_000);
    expect(notReadyAfter).toBeLessThanOrEqual(61_000);
    // The taints follow the condition within the controller's next tainting pass (100 ms upstream).
    e.advance(1000);
    const node = get<Node>(e, 'Node', undefined, victim)!;
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    const nodeEvents = e.store.list('Event', { namespace: 'default', fieldSelector: `involvedObject.name=${victim},reason=NodeNotReady` }).items as KubeEvent[];
    expect(nodeEvents[0]?.message).toBe(`Node ${victim} status is now: NodeNotReady`);
    expect(onVictim.every((p) => !isReady(get<Pod>(e, 'Pod', 'default', p.metadata.name)!))).toBe(true);

    const taintedAt = e.live.clock.virtualOf(node.spec.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded);
    until(e, () => onVictim.every((p) => get<Pod>(e, 'Pod', 'default', p.metadata.name)?.metadata.deletionTimestamp), 400_000, 1000);
    const evictedAt = Math.max(...onVictim.map((p) => e.live.clock.virtualOf((e.store.list('Event', { namespace: 'default', fieldSelector: `involvedObject.name=${p.metadata.name},reason=TaintManagerEviction` }).items[0] as KubeEvent).firstTimestamp)));
    expect(evictedAt - taintedAt).toBeGreaterThanOrEqual(299_000);
    expect(evictedAt - taintedAt).toBeLessThanOrEqual(302_000);

    until(e, () => podsOf(e, 'web').filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running' && isReady(p)).length === 6, 120_000);
    const live = podsOf(e, 'web').filter((p) => !p.metadata.deletionTimestamp);
    expect(live.every((p) => p.spec.nodeName !== victim)).toBe(true);
    // Evicted pods stay Terminating while their kubelet is gone, as on a real cluster.
    expect(podsOf(e, 'web').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(onVictim.length);

    e.failures.powerOn(victim);
    until(e, () => readyOf() === 'True' && !get<Node>(e, 'Node', undefined, victim)!.spec.taints, 60_000, 1000);
    until(e, () => podsOf(e, 'web').length === 6, 60_000, 1000);
  });

  it('drain evicts pods and cordons; uncordon makes the node schedulable again', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    until(e, () => podsOf(e, 'web').filter((p) => isReady(p)).length === 6);
    const { evicted } = e.failures.drain('minikube-m03');
    expect(evicted.length).toBeGreaterThan(0);
    until(e, () => podsOf(e, 'web').length === 6 && podsOf(e, 'web').every((p) => isReady(p) && p.spec.nodeName !== 'minikube-m03'));
    expect(get<Node>(e, 'Node', undefined, 'minikube-m03')!.spec.unschedulable).toBe(true);
    e.failures.uncordon('minikube-m03');
    e.advance(1000);
    expect(get<Node>(e, 'Node', undefined, 'minikube-m03')!.spec.taints).toBeUndefined();
  });

  it('a partitioned node keeps its containers; on heal the kubelet resyncs', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx:1.27', 2));
    until(e, () => podsOf(e, 'web').filter((p) => isReady(p)).length === 2);
    e.failures.partition('minikube-m02');
    until(e, () => get<Node>(e, 'Node', undefined, 'minikube-m02')!.status.conditions!.find((c) => c.type === 'Ready')!.status === 'Unknown', 120_000, 1000);
    e.failures.heal('minikube-m02');
    until(e, () => get<Node>(e, 'Node', undefined, 'minikube-m02')!.status.conditions!.find((c) => c.type === 'Ready')!.status === 'True', 30_000, 1000);
  });
});
