/**
 * Node failure, step by step, with the reasons the control plane gives: a powered-off node misses
 * its heartbeats for the 50 s grace period (its last heartbeat named), its pods are marked not
 * ready, it is tainted unreachable (NoSchedule and NoExecute), and its pods are evicted when the
 * 300 s toleration DefaultTolerationSeconds gave them runs out. The dead kubelet writes nothing.
 * Also: an untolerated NoExecute taint, drain and uncordon, and the pods of a deleted Node.
 */
import { describe, expect, it } from 'vitest';
import type { Lease, Node, Pod } from '../../../shared/k8s/objects';
import { createDeployment, deployment, engine, get, isReady, podsOf, until, USER } from '../testkit';
import { recordChanges, withoutReason, withReason } from '../testkit-causes';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

function settled(e: ReturnType<typeof engine>, replicas: number): void {
  until(e, () => podsOf(e, 'web').length === replicas && podsOf(e, 'web').every((p) => isReady(p)));
}

describe('node lifecycle reasons', () => {
  it('power-off: heartbeat missed, pods not ready, both taints, eviction after the 300 s default toleration; power-on untaints', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    settled(e, 6);
    const victim = 'minikube-m02';
    const onVictim = podsOf(e, 'web').filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name);
    expect(onVictim.length).toBeGreaterThan(0);
    const seen = recordChanges(e, { leases: true });
    e.failures.powerOff(victim);
    const lastLease = e.live.clock.virtualOf(get<Lease>(e, 'Lease', 'kube-node-lease', victim)!.spec.renewTime);
    until(e, () => onVictim.every((name) => get<Pod>(e, 'Pod', 'default', name)?.metadata.deletionTimestamp), 420_000, 1000);

    const [missed] = withReason(seen, 'NodeHeartbeatMissed');
    expect(missed).toMatchObject({ kind: 'Node', name: victim, reason: { code: 'NodeHeartbeatMissed', node: victim, lastHeartbeat: lastLease, gracePeriodSeconds: 50 } });
    expect(missed!.time - lastLease).toBeGreaterThan(50_000);
    expect(missed!.time - lastLease).toBeLessThanOrEqual(55_000);
    expect((missed!.object as Node).status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');

    const notReady = withReason(seen, 'NodePodsNotReady');
    expect(notReady.map((s) => s.name)).toEqual(expect.arrayContaining(onVictim));
    for (const s of notReady) {
      expect(s.reason.node).toBe(victim);
      expect((s.object as Pod).spec.nodeName).toBe(victim);
      expect(isReady(s.object as Pod)).toBe(false);
    }

    const [tainted] = withReason(seen, 'NodeTainted');
    expect(tainted?.reason).toEqual({ code: 'NodeTainted', node: victim, taints: [{ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' }] });
    const taintedAt = e.live.clock.virtualOf((tainted!.object as Node).spec.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded);
    // timeAdded is an RFC 3339 stamp: whole seconds.
    expect(tainted!.time - taintedAt).toBeGreaterThanOrEqual(0);
    expect(tainted!.time - taintedAt).toBeLessThan(1000);

    const evicted = withReason(seen, 'TaintEviction').filter((s) => s.name.startsWith('web-'));
    expect(evicted.map((s) => s.name).sort()).toEqual([...onVictim].sort());
    for (const s of evicted) {
      expect(s.cause).toMatchObject({ actor: 'controller', name: 'taint-eviction-controller' });
      expect(s.reason).toEqual({ code: 'TaintEviction', node: victim, taint: { key: UNREACHABLE, effect: 'NoExecute' }, tolerationSeconds: 300, defaultToleration: true, taintedAt });
      // processPodOnNode: the 300 s count from when the taint manager saw the taint.
      expect(s.time - tainted!.time).toBeGreaterThanOrEqual(300_000);
      expect(s.time - tainted!.time).toBeLessThan(301_000);
    }
    // The powered-off kubelet wrote nothing: every pod change on the node is the control plane's.
    expect(seen.filter((s) => s.cause.name === `kubelet/${victim}`)).toEqual([]);
    expect(seen.filter((s) => s.kind === 'Pod' && (s.object as Pod).spec.nodeName === victim).every((s) => s.cause.actor === 'controller')).toBe(true);

    const mark = seen.length;
    e.failures.powerOn(victim);
    until(e, () => !get<Node>(e, 'Node', undefined, victim)!.spec.taints, 60_000, 1000);
    expect(withReason(seen.slice(mark), 'NodeUntainted').map((s) => s.reason)).toEqual([{ code: 'NodeUntainted', node: victim, taints: [{ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' }] }]);
    // Back on, its kubelet reports again.
    expect(withReason(seen.slice(mark), 'KubeletHeartbeat').some((s) => s.reason.node === victim && s.reason.via === 'nodeStatus')).toBe(true);
    expect(withoutReason(seen)).toEqual([]);
  });

  it('an untolerated NoExecute taint evicts at once, without tolerationSeconds', () => {
    const e = engine({ nodes: 2 });
    createDeployment(e, deployment('web', 'nginx:1.27', 4));
    settled(e, 4);
    const node = 'minikube-m02';
    const there = podsOf(e, 'web').filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    expect(there.length).toBeGreaterThan(0);
    const seen = recordChanges(e);
    const n = get<Node>(e, 'Node', undefined, node)!;
    e.store.update('Node', { ...n, spec: { ...n.spec, taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] } }, USER);
    e.advance(1000);
    const evicted = withReason(seen, 'TaintEviction').filter((s) => there.includes(s.name));
    expect(evicted.map((s) => s.name).sort()).toEqual([...there].sort());
    for (const s of evicted) expect(s.reason).toMatchObject({ code: 'TaintEviction', node, taint: { key: 'maintenance', value: 'now', effect: 'NoExecute' } });
    expect(evicted.every((s) => s.reason.tolerationSeconds === undefined && s.reason.defaultToleration === undefined)).toBe(true);
  });

  it('drain: FailureInjected on the cordon and on each eviction; the unschedulable taint follows; uncordon recovers', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    settled(e, 6);
    const seen = recordChanges(e);
    const { evicted } = e.failures.drain('minikube-m03');
    e.advance(1000);
    const injected = withReason(seen, 'FailureInjected');
    expect(injected[0]).toMatchObject({ kind: 'Node', name: 'minikube-m03', reason: { code: 'FailureInjected', node: 'minikube-m03', failure: 'drain' } });
    expect(injected.filter((s) => s.kind === 'Pod').map((s) => `${s.namespace}/${s.name}`).sort()).toEqual([...evicted].sort());
    expect(injected.every((s) => s.cause.actor === 'failure')).toBe(true);
    expect(withReason(seen, 'NodeTainted').map((s) => s.reason)).toEqual([{ code: 'NodeTainted', node: 'minikube-m03', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }]);

    const mark = seen.length;
    e.failures.uncordon('minikube-m03');
    e.advance(1000);
    expect(withReason(seen.slice(mark), 'FailureRecovered').map((s) => s.reason)).toEqual([{ code: 'FailureRecovered', node: 'minikube-m03', failure: 'uncordon' }]);
    expect(withReason(seen.slice(mark), 'NodeUntainted').map((s) => s.reason.taints)).toEqual([[{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]]);
  });

  it('the pods of a deleted Node are removed by the pod garbage collector', () => {
    const e = engine({ nodes: 3 });
    createDeployment(e, deployment('web', 'nginx:1.27', 6));
    settled(e, 6);
    const node = 'minikube-m03';
    const there = (e.store.list('Pod', {}).items as Pod[]).filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    expect(there.length).toBeGreaterThan(0);
    const seen = recordChanges(e);
    e.store.delete('Node', undefined, node, USER);
    e.advance(1000);
    const purged = withReason(seen, 'PodOfDeletedNode');
    expect(purged.map((s) => s.name).sort()).toEqual([...there].sort());
    for (const s of purged) {
      expect(s.type).toBe('DELETED');
      expect(s.cause).toMatchObject({ actor: 'controller', name: 'pod-garbage-collector', reason: { code: 'PodOfDeletedNode', node } });
    }
  });
});
