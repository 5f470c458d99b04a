/**
 * Node lifecycle (pkg/controller/nodelifecycle) and taint-based eviction: every 5 s it checks each
 * node's Lease; after the 50 s grace period (1.32's node-monitor-grace-period) the node's
 * conditions go Unknown, its pods are marked not ready, and it is tainted unreachable (NoSchedule
 * and NoExecute). The eviction controller then deletes pods whose tolerations run out (300 s by
 * default). When the kubelet reports again, the taints are removed.
 */
import type { Condition, KubeObject, Lease, Node, Pod, Taint, Toleration } from '../../../shared/k8s/objects';
import type { Reason, TaintRef } from '../../../shared/sim/cause';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { tolerates } from '../scheduler/framework';
import { guarded, syncErrorHandler } from './guard';
import { WorkQueue } from './workqueue';

const CAUSE: Cause = { actor: 'controller', name: 'node-lifecycle-controller' };
/** The component name in error reports and Events, as upstream's node lifecycle controller records them. */
const COMPONENT = 'node-controller';
const EVICT_CAUSE: Cause = { actor: 'controller', name: 'taint-eviction-controller' };
export const NODE_MONITOR_PERIOD_MS = 5000;
/** pkg/controller/nodelifecycle/config/v1alpha1/defaults.go NodeMonitorGracePeriod: 50 s since 1.32 (kubernetes/kubernetes#126287). */
export const NODE_MONITOR_GRACE_MS = 50_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export class NodeLifecycleController {
  private evictions = new Map<string, { at: number; timer: number }>();

  /**
   * nodeHealthMap: per node, what the monitor pass reads, kept up to date from changes so a pass
   * over 5k nodes does not touch every Node and Lease object (insertion order = the store's).
   */
  private health = new Map<string, { readyStatus: string | undefined; nodeProbe: number }>();
  private leaseTimes = new Map<string, number>();

  /** Taint reconciles by node name, a queue so that a failing node is retried with back-off. */
  private taints: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.taints = new WorkQueue(ctx.clock, 1, (name) => this.reconcileTaintsFor(name), syncErrorHandler(ctx, COMPONENT, 'Node'));
    ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
    for (const n of ctx.store.all('Node')) this.observeNode(n as Node);
    for (const l of ctx.store.all('Lease', 'kube-node-lease')) this.leaseTimes.set(l.metadata.name, ctx.clock.virtualOf((l as Lease).spec.renewTime));
    ctx.store.onChange((c) => {
      if (c.object.kind === 'Lease' && c.object.metadata.namespace === 'kube-node-lease') {
        if (c.type === 'DELETED') this.leaseTimes.delete(c.object.metadata.name);
        else this.leaseTimes.set(c.object.metadata.name, ctx.clock.virtualOf((c.object as Lease).spec.renewTime));
      }
      if (c.object.kind === 'Node') {
        if (c.type === 'DELETED') this.health.delete(c.object.metadata.name);
        else this.observeNode(c.object as Node);
      }
      if (c.object.kind === 'Node' && c.type !== 'DELETED') this.taints.add(c.object.metadata.name);
      if (c.object.kind === 'Node' && c.type === 'DELETED') ctx.clock.after(20, () => this.gcPodsOfDeletedNode(c.object.metadata.name));
      if (c.object.kind === 'Pod' && c.type !== 'DELETED') {
        const pod = c.object as Pod;
        if (pod.spec.nodeName && (!c.old || (c.old as Pod).spec.nodeName !== pod.spec.nodeName)) {
          const node = ctx.store.get('Node', undefined, pod.spec.nodeName) as Node | undefined;
          if (Array.isArray(node?.spec.taints) && node.spec.taints.some((t) => t.effect === 'NoExecute')) ctx.clock.after(1, () => this.checkPod(pod.metadata.namespace!, pod.metadata.name));
        }
      }
      if (c.object.kind === 'Pod' && c.type === 'DELETED') this.cancel(c.object.metadata.uid!);
    });
  }

  private observeNode(node: Node): void {
    const ready = node.status.conditions?.find((c) => c.type === 'Ready');
    // The node's part of the probe time (heartbeat, else creation), as monitor() combines them.
    const nodeProbe = Math.max(this.ctx.clock.virtualOf(ready?.lastHeartbeatTime) || -Infinity, this.ctx.clock.virtualOf(node.metadata.creationTimestamp));
    this.health.set(node.metadata.name, { readyStatus: ready?.status, nodeProbe });
  }

  private monitor(): void {
    // Re-armed first: a pass that fails on one node must not end the monitoring of all of them.
    this.ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
    const now = this.ctx.clock.now();
    for (const [name, h] of this.health) {
      const probe = Math.max(this.leaseTimes.get(name) || -Infinity, h.nodeProbe);
      if (now - probe > NODE_MONITOR_GRACE_MS && h.readyStatus !== 'Unknown') {
        const node = this.ctx.store.get('Node', undefined, name) as Node | undefined;
        if (node) guarded(this.ctx, COMPONENT, () => node, () => this.markUnknown(node, now, probe));
      }
    }
  }

  /** tryUpdateNodeHealth past the grace period; `lastHeartbeat` is the last probe time it saw (lease or status). */
  private markUnknown(node: Node, now: number, lastHeartbeat: number): void {
    const stamp = this.ctx.clock.stamp(now);
    const types = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];
    const conditions: Condition[] = types.map((type) => {
      const prev = node.status.conditions?.find((c) => c.type === type);
      return { type, status: 'Unknown', lastHeartbeatTime: prev?.lastHeartbeatTime ?? stamp, lastTransitionTime: stamp, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
    });
    try {
      const reason: Reason = { code: 'NodeHeartbeatMissed', node: node.metadata.name, lastHeartbeat, gracePeriodSeconds: NODE_MONITOR_GRACE_MS / 1000 };
      this.ctx.store.update('Node', { ...node, status: { ...node.status, conditions } }, { ...CAUSE, detail: 'node status unknown', reason }, { subresource: 'status' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      return;
    }
    this.ctx.events.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, { component: 'node-controller' });
    // MarkPodsNotReady
    const notReady: Cause = { ...CAUSE, detail: 'mark pod not ready', reason: { code: 'NodePodsNotReady', node: node.metadata.name } };
    for (const pod of this.ctx.store.podsOnNode(node.metadata.name) as Pod[]) {
      const conds = pod.status?.conditions ?? [];
      if (!conds.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const next = conds.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' as const, lastTransitionTime: stamp } : c));
      try {
        this.ctx.store.update('Pod', { ...pod, status: { ...pod.status, conditions: next } }, notReady, { subresource: 'status' });
        this.ctx.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready', { component: 'node-controller' });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
  }

  /** Taints from conditions (TaintNodesByCondition + the NoExecute taints) and from spec.unschedulable. */
  private reconcileTaintsFor(name: string): void {
    const node = this.ctx.store.get('Node', undefined, name) as Node | undefined;
    if (!node) return;
    const ready = node.status.conditions?.find((c) => c.type === 'Ready');
    const want: Taint[] = [];
    const now = this.ctx.clock.stamp(this.ctx.clock.now());
    if (ready?.status === 'Unknown') want.push({ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' });
    else if (ready?.status === 'False') want.push({ key: NOT_READY, effect: 'NoSchedule' }, { key: NOT_READY, effect: 'NoExecute' });
    if (node.spec.unschedulable) want.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
    const managed = new Set([UNREACHABLE, NOT_READY, UNSCHEDULABLE]);
    const current = node.spec.taints ?? [];
    const others = current.filter((t) => !managed.has(t.key));
    const kept = want.map((w) => current.find((t) => t.key === w.key && t.effect === w.effect) ?? { ...w, ...(w.effect === 'NoExecute' || w.key === UNREACHABLE || w.key === NOT_READY || w.key === UNSCHEDULABLE ? { timeAdded: now } : {}) });
    const taints = [...others, ...kept];
    const same = taints.length === current.length && taints.every((t) => current.some((c) => c.key === t.key && c.effect === t.effect));
    if (!same) {
      try {
        const reason = taintReason(name, current.filter((t) => managed.has(t.key)), kept);
        this.ctx.store.update('Node', { ...node, spec: { ...node.spec, taints: taints.length ? taints : undefined } }, { ...CAUSE, detail: ready?.status === 'True' ? 'remove taints' : 'taint node', reason });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
      return; // the update re-triggers this reconcile
    }
    for (const pod of this.ctx.store.podsOnNode(name) as Pod[]) this.checkPod(pod.metadata.namespace!, pod.metadata.name);
  }

  /** processPodOnNode: evict now, later (min tolerationSeconds), or never. */
  private checkPod(namespace: string, name: string): void {
    const pod = this.ctx.store.get('Pod', namespace, name) as Pod | undefined;
    if (!pod || !pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const node = this.ctx.store.get('Node', undefined, pod.spec.nodeName) as Node | undefined;
    const taints = (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
    const uid = pod.metadata.uid!;
    if (taints.length === 0) {
      if (this.evictions.has(uid)) {
        this.cancel(uid);
        this.ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${namespace}/${name}`, { component: 'taint-eviction-controller' });
      }
      return;
    }
    const tolerations = pod.spec.tolerations ?? [];
    let minSeconds = Infinity;
    // The taint and toleration that set the deadline, for the eviction's reason.
    let minTaint: Taint | undefined;
    let minToleration: Toleration | undefined;
    for (const taint of taints) {
      const matching = tolerations.filter((t: Toleration) => tolerates([t], taint));
      if (matching.length === 0) return this.evict(pod, this.evictionReason(pod.spec.nodeName, taint));
      for (const t of matching) {
        if (t.tolerationSeconds === undefined) continue;
        const seconds = Math.max(0, t.tolerationSeconds);
        if (seconds < minSeconds) [minSeconds, minTaint, minToleration] = [seconds, taint, t];
      }
    }
    if (!Number.isFinite(minSeconds) || this.evictions.has(uid)) return;
    const at = this.ctx.clock.now() + minSeconds * 1000;
    const nodeName = pod.spec.nodeName;
    const timer = this.ctx.clock.at(at, () => {
      this.evictions.delete(uid);
      const current = this.ctx.store.get('Pod', namespace, name) as Pod | undefined;
      if (current?.metadata.uid === uid) this.evict(current, this.evictionReason(nodeName, minTaint!, minToleration));
    });
    this.evictions.set(uid, { at, timer });
  }

  private cancel(uid: string): void {
    const e = this.evictions.get(uid);
    if (e) this.ctx.clock.cancel(e.timer);
    this.evictions.delete(uid);
  }

  /** The TaintEviction reason: the taint, and the toleration whose seconds ran out (none: not tolerated at all). */
  private evictionReason(node: string, taint: Taint, toleration?: Toleration): Reason {
    const seconds = toleration?.tolerationSeconds;
    return {
      code: 'TaintEviction',
      node,
      taint: taintRef(taint),
      ...(seconds !== undefined ? { tolerationSeconds: Math.max(0, seconds), defaultToleration: isDefaultToleration(toleration!) } : {}),
      taintedAt: taint.timeAdded ? this.ctx.clock.virtualOf(taint.timeAdded) : this.ctx.clock.now(),
    };
  }

  private evict(pod: Pod, reason: Reason): void {
    this.ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { ...EVICT_CAUSE, detail: 'NoExecute taint', reason });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  /** Pod GC: pods bound to a node that no longer exists are force-deleted. */
  private gcPodsOfDeletedNode(name: string): void {
    if (this.ctx.store.get('Node', undefined, name)) return;
    const cause: Cause = { actor: 'controller', name: 'pod-garbage-collector', detail: `node ${name} deleted`, reason: { code: 'PodOfDeletedNode', node: name } };
    for (const pod of this.ctx.store.podsOnNode(name) as KubeObject[]) {
      this.ctx.store.purge('Pod', pod.metadata.namespace, pod.metadata.name, cause);
    }
  }
}

function taintRef(t: Taint): TaintRef {
  return { key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) };
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** NodeTainted with what the write adds (and takes away), or NodeUntainted when it only removes. */
function taintReason(node: string, before: readonly Taint[], after: readonly Taint[]): Reason {
  const added = after.filter((t) => !before.some((b) => sameTaint(b, t))).map(taintRef);
  const removed = before.filter((b) => !after.some((t) => sameTaint(b, t))).map(taintRef);
  if (added.length === 0) return { code: 'NodeUntainted', node, taints: removed };
  return { code: 'NodeTainted', node, taints: added, ...(removed.length ? { removed } : {}) };
}

/**
 * plugin/pkg/admission/defaulttolerationseconds/admission.go: every pod without its own gets
 * `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` NoExecute tolerations with
 * tolerationSeconds 300 (--default-not-ready-toleration-seconds, --default-unreachable-toleration-seconds).
 */
function isDefaultToleration(t: Toleration): boolean {
  return t.operator === 'Exists' && t.effect === 'NoExecute' && t.tolerationSeconds === 300 && (t.key === NOT_READY || t.key === UNREACHABLE);
}
