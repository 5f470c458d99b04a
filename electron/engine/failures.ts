/**
 * Failure injection: power a node off or on, partition it from the control plane or heal it, kill
 * a container, cordon, uncordon and drain (cordon, then evict every evictable pod, as kubectl drain
 * does through the Eviction API).
 */
import type { Node, Pod } from '../../shared/k8s/objects';
import type { Reason } from '../../shared/sim/cause';
import type { Cause } from '../../shared/sim/snapshot';
import type { FailureInjector } from './api';
import { StatusError } from './api';
import type { EngineContext } from './context';
import { notFound } from './store/errors';
import type { Kubelet } from './kubelet/kubelet';
import { killContainer } from './kubelet/lifecycle';

const CAUSE: Cause = { actor: 'failure', name: 'failure-injection' };

export class Failures implements FailureInjector {
  constructor(
    private ctx: EngineContext,
    private kubelets: Map<string, Kubelet>,
  ) {}

  private kubelet(node: string): Kubelet {
    const k = this.kubelets.get(node);
    if (!k) throw notFound(this.ctx.store.info('Node'), node);
    return k;
  }

  powerOff(node: string): void {
    this.kubelet(node).powerOff();
  }
  powerOn(node: string): void {
    this.kubelet(node).powerOn();
  }
  partition(node: string): void {
    this.kubelet(node).partition();
  }
  heal(node: string): void {
    this.kubelet(node).heal();
  }

  killContainer(namespace: string, pod: string, container?: string): boolean {
    const obj = this.ctx.store.get('Pod', namespace, pod) as Pod | undefined;
    if (!obj) throw notFound(this.ctx.store.info('Pod'), pod);
    const k = obj.spec.nodeName ? this.kubelets.get(obj.spec.nodeName) : undefined;
    const sb = k?.sandboxes.get(obj.metadata.uid!);
    if (!k || !sb || !k.alive) return false;
    return killContainer(k, sb, container ?? '');
  }

  /** `failure`: what the user asked for, for the write's reason (a drain cordons first). */
  private setUnschedulable(node: string, value: boolean, failure: 'cordon' | 'uncordon' | 'drain'): void {
    const n = this.ctx.store.get('Node', undefined, node) as Node | undefined;
    if (!n) throw notFound(this.ctx.store.info('Node'), node);
    const spec = { ...n.spec };
    if (value) spec.unschedulable = true;
    else delete spec.unschedulable;
    const reason: Reason = value ? { code: 'FailureInjected', node, failure } : { code: 'FailureRecovered', node, failure };
    this.ctx.store.update('Node', { ...n, spec }, { ...CAUSE, detail: value ? `cordon ${node}` : `uncordon ${node}`, reason });
    this.ctx.events.record(n, 'Normal', value ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${node} status is now: ${value ? 'NodeNotSchedulable' : 'NodeSchedulable'}`, { component: 'kubelet', host: node });
  }

  cordon(node: string): void {
    this.setUnschedulable(node, true, 'cordon');
  }
  uncordon(node: string): void {
    this.setUnschedulable(node, false, 'uncordon');
  }

  drain(node: string, options: { gracePeriodSeconds?: number } = {}): { evicted: string[] } {
    this.setUnschedulable(node, true, 'drain');
    const evicted: string[] = [];
    const cause: Cause = { ...CAUSE, detail: `drain ${node}: evict`, reason: { code: 'FailureInjected', node, failure: 'drain' } };
    for (const pod of this.ctx.store.podsOnNode(node) as Pod[]) {
      const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
      // kubectl drain's daemonSetFilter: the pod's controller is a DaemonSet that exists.
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
      const daemon = ref?.kind === 'DaemonSet' && !!this.ctx.store.get('DaemonSet', pod.metadata.namespace, ref.name);
      if (mirror || daemon || pod.metadata.deletionTimestamp) continue;
      try {
        this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, cause, options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {});
        evicted.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
    return { evicted };
  }

  nodeStates(): { name: string; powered: boolean; partitioned: boolean }[] {
    return [...this.kubelets.values()].map((k) => ({ name: k.nodeName, powered: k.alive, partitioned: !k.connected }));
  }
}
