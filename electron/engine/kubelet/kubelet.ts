/**
 * One kubelet per node: registers the Node, renews its Lease every 10 s, reports node status, and
 * runs the pods bound to it (lifecycle.ts). Power-off stops everything (pods keep their last
 * reported status until the control plane reacts); a partition keeps containers running but cuts
 * the kubelet off from the API until it heals, when it resyncs.
 */
import type { Condition, KubeObject, Lease, Node, Pod } from '../../../shared/k8s/objects';
import type { Reason } from '../../../shared/sim/cause';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import { fnv32a, Random } from '../clock/random';
import type { EngineContext } from '../context';
import type { Change } from '../store/store';
import { deepEqual } from '../util/objects';
import { adoptRunning, beginTermination, podRemoved, specChanged, startPod, terminationUpdated } from './lifecycle';
import type { Sandbox } from './sandbox';
import type { LogHub } from './loghub';

const LEASE_RENEW_MS = 10_000;
const STATUS_CHECK_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;
/** wait.Jitter's maxFactor for both loops (lease controller and kubelet node status). */
const LOOP_JITTER = 0.04;
/** Low-discrepancy phases (golden ratio and plastic number): any node count spreads evenly. */
const LEASE_PHASE = 0.6180339887498949;
const STATUS_PHASE = 0.7548776662466927;

/** The node conditions this kubelet reports: type, status, reason, message. */
const DESIRED: readonly (readonly [string, 'True' | 'False', string, string])[] = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/**
 * Whether `existing` already is what desiredConditions would produce, heartbeat aside: the same
 * four conditions with the same status, reason and message (so lastTransitionTime is kept) and no
 * other fields.
 */
function conditionsCurrent(existing: Condition[] | undefined): boolean {
  if (!existing || existing.length !== DESIRED.length) return false;
  for (let i = 0; i < DESIRED.length; i++) {
    const c = existing[i]!;
    const [type, status, reason, message] = DESIRED[i]!;
    if (c.type !== type || c.status !== status || c.reason !== reason || c.message !== message || c.lastTransitionTime === undefined) return false;
    let keys = 0;
    for (const k in c) if (c[k as keyof Condition] !== undefined) keys++;
    if (keys !== (c.lastHeartbeatTime === undefined ? 5 : 6)) return false;
  }
  return true;
}

/** What the kubelet was doing when it wrote a pod's status (the KubeletStage reason). */
export type KubeletStageName = Extract<Reason, { code: 'KubeletStage' }>['stage'];

function spread(index: number, step: number): number {
  return (index * step) % 1;
}

export class Kubelet {
  readonly cause: Cause;
  readonly sandboxes = new Map<string, Sandbox>();
  readonly images = new Set<string>();
  alive = true;
  connected = true;
  /** While set, pods that arrive Running are taken as already running here (bulk loading a cluster). */
  adopting = false;
  bootId = 0;
  private usedIps = new Set<number>();
  private nextIp = 2;
  private lastReport = -Infinity;
  /** The conditions array last written: while the Node still holds it, nothing has changed them. */
  private reported: Condition[] | undefined;
  private dirty = new Set<string>();

  constructor(
    readonly ctx: EngineContext,
    readonly nodeName: string,
    readonly index: number,
    readonly logs: LogHub,
  ) {
    this.cause = { actor: 'kubelet', name: `kubelet/${nodeName}` };
    const lease: Reason = { code: 'KubeletHeartbeat', node: nodeName, via: 'lease' };
    this.renewCause = { ...this.cause, detail: 'renew lease', reason: lease };
    this.leaseCause = { ...this.cause, detail: 'lease', reason: lease };
    // Its own stream, so the loops' jitter does not shift the cluster's shared PRNG sequence.
    this.loopJitter = new Random(fnv32a(`kubelet-loops/${nodeName}`));
    this.nodeStatusCause = { ...this.cause, detail: 'node status', reason: { code: 'KubeletHeartbeat', node: nodeName, via: 'nodeStatus' } };
  }

  /** Reused for the periodic writes, so the event log interns them without building keys. */
  private readonly renewCause: Cause;
  private readonly leaseCause: Cause;
  private readonly nodeStatusCause: Cause;
  /** Pod status causes by stage, then container ('' for the pod): reused, like the ones above. */
  private readonly stageCauses = new Map<KubeletStageName, Map<string, Cause>>();
  private readonly loopJitter: Random;

  get hostIP(): string {
    return `192.168.49.${this.index + 2}`;
  }

  get podCIDR(): string {
    return `10.244.${this.index}.0/24`;
  }

  /** Schedules work that dies with this boot of the kubelet. */
  after(ms: number, fn: () => void): void {
    const boot = this.bootId;
    this.ctx.clock.after(ms, () => {
      if (this.alive && this.bootId === boot) fn();
    });
  }

  // ---- node registration, lease and status -------------------------------------------------

  start(delayMs: number): void {
    this.after(delayMs, () => {
      this.reportNodeStatus(true);
      this.renewLease();
      // The kubelets of a real cluster started at unrelated times, so their 10 s lease and status
      // loops are out of phase; ours all boot within a second. Each loop starts at its own phase
      // (spread evenly by node index), then runs every period + up to 4% jitter.
      this.after(Math.round(LEASE_RENEW_MS * (1 - spread(this.index, LEASE_PHASE))), () => this.leaseLoop());
      this.after(Math.round(STATUS_CHECK_MS * (1 - spread(this.index, STATUS_PHASE))), () => this.statusLoop());
      this.resync();
    });
  }

  /** wait.JitterUntil(sync, period, 0.04, sliding): the lease controller and syncNodeStatus loops. */
  private statusLoop(): void {
    this.reportNodeStatus(false);
    this.after(this.loopJitter.jitter(STATUS_CHECK_MS, LOOP_JITTER), () => this.statusLoop());
  }

  private leaseLoop(): void {
    this.renewLease();
    this.after(this.loopJitter.jitter(LEASE_RENEW_MS, LOOP_JITTER), () => this.leaseLoop());
  }

  private renewLease(): void {
    if (!this.connected) return;
    const store = this.ctx.store;
    const now = this.ctx.clock.now();
    const existing = store.get('Lease', 'kube-node-lease', this.nodeName) as Lease | undefined;
    try {
      if (existing) store.update('Lease', { ...existing, spec: { ...existing.spec, renewTime: this.ctx.clock.stampMicro(now) } }, this.renewCause, { trusted: true });
      else {
        const node = store.get('Node', undefined, this.nodeName);
        store.create('Lease', {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.nodeName, namespace: 'kube-node-lease', ...(node ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid! }] } : {}) },
          spec: { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: this.ctx.clock.stampMicro(now) },
        }, this.leaseCause);
      }
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private desiredConditions(existing: Condition[] | undefined, now: number): Condition[] {
    const stamp = this.ctx.clock.stamp(now);
    const mk = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => {
      const prev = existing?.find((c) => c.type === type);
      return { type, status, lastHeartbeatTime: stamp, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime! : stamp, reason, message };
    };
    return DESIRED.map(([type, status, reason, message]) => mk(type, status, reason, message));
  }

  /** tryUpdateNodeStatus: write when something changed, or every 5 minutes as a heartbeat. */
  reportNodeStatus(force: boolean): void {
    if (!this.connected) return;
    const node = this.ctx.store.get('Node', undefined, this.nodeName) as Node | undefined;
    if (!node) return;
    const now = this.ctx.clock.now();
    // The common case, every 10 s on every node: nothing to report yet. Decided without building
    // the desired conditions (they would equal the current ones but for the heartbeat time).
    const current = node.status.conditions;
    if (!force && now - this.lastReport < STATUS_REPORT_MS && (current === this.reported || conditionsCurrent(current))) return;
    const conditions = this.desiredConditions(node.status.conditions, now);
    const strip = (cs: Condition[] | undefined): unknown => (cs ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined }));
    const changed = !deepEqual(strip(conditions), strip(node.status.conditions));
    if (!force && !changed && now - this.lastReport < STATUS_REPORT_MS) return;
    this.lastReport = now;
    try {
      // The stored array (ours, or an equal one already there when the write was a no-op).
      const stored = this.ctx.store.update('Node', { ...node, status: { ...node.status, conditions } }, this.nodeStatusCause, { subresource: 'status', trusted: true }) as Node;
      this.reported = stored.status.conditions;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  // ---- pods ---------------------------------------------------------------------------------

  /** A change to a pod bound to this node (the engine routes them by spec.nodeName). */
  onPodChange(c: Change): void {
    if (!this.alive || !this.connected) return;
    const pod = c.object as Pod;
    this.syncPod(pod, c.type === 'DELETED');
  }

  private syncPod(pod: Pod, deleted: boolean): void {
    const sb = this.sandboxes.get(pod.metadata.uid!);
    if (deleted) {
      if (sb) podRemoved(this, sb);
      return;
    }
    if (sb) {
      sb.pod = pod;
      if (pod.metadata.deletionTimestamp && !sb.terminating) beginTermination(this, sb);
      else if (sb.terminating) terminationUpdated(this, sb);
      else specChanged(this, sb);
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      this.after(50, () => this.finalizeDeletion(pod));
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (this.adopting && phase === 'Running') return adoptRunning(this, pod);
    startPod(this, pod);
  }

  /** Full reconcile after boot or after a partition heals. */
  resync(): void {
    const pods = this.ctx.store.podsOnNode(this.nodeName) as Pod[];
    const seen = new Set(pods.map((p) => p.metadata.uid!));
    for (const sb of [...this.sandboxes.values()]) if (!seen.has(sb.uid)) podRemoved(this, sb);
    for (const pod of pods) this.syncPod(pod, false);
    // The status manager rewrites whatever differs from what it knows (e.g. Ready=False set by the
    // node lifecycle controller while the node was unreachable).
    this.dirty.clear();
    for (const sb of this.sandboxes.values()) if (!sb.terminating) this.writeStatus(sb, 'resynced');
  }

  finalizeDeletion(pod: KubeObject): void {
    if (!this.connected) return;
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { ...this.stageCause('terminated'), detail: 'pod terminated' }, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! } });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  /**
   * The status manager's write of the pod's status, for `stage` (of `container`, when one container
   * moved; `restartCount` on a start that is a restart). While cut off from the API the write waits
   * for the resync.
   */
  writeStatus(sb: Sandbox, stage: KubeletStageName, container?: string, restartCount?: number): void {
    if (!this.connected) {
      this.dirty.add(sb.uid);
      return;
    }
    const pod = this.ctx.store.get('Pod', sb.namespace, sb.name) as Pod | undefined;
    if (!pod || pod.metadata.uid !== sb.uid) return;
    const next = computeStatus(this, sb, pod);
    try {
      this.ctx.store.update('Pod', { ...pod, status: next }, this.stageCause(stage, container, restartCount), { subresource: 'status', trusted: true });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  /**
   * The cause of a pod status write at `stage`: one object per stage and container name on this
   * node, reused so writes allocate nothing (bounded: the container names seen here).
   */
  stageCause(stage: KubeletStageName, container = '', restartCount = 0): Cause {
    if (restartCount > 0) return { ...this.cause, detail: `pod status: ${stage}`, reason: { code: 'KubeletStage', node: this.nodeName, stage, container, restartCount } };
    let byContainer = this.stageCauses.get(stage);
    if (!byContainer) this.stageCauses.set(stage, (byContainer = new Map()));
    let cause = byContainer.get(container);
    if (!cause) {
      if (byContainer.size >= 256) byContainer.clear();
      const reason: Reason = container ? { code: 'KubeletStage', node: this.nodeName, stage, container } : { code: 'KubeletStage', node: this.nodeName, stage };
      byContainer.set(container, (cause = { ...this.cause, detail: `pod status: ${stage}`, reason }));
    }
    return cause;
  }

  event(sb: Sandbox, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (!this.connected) return;
    const pod = this.ctx.store.get('Pod', sb.namespace, sb.name) ?? sb.pod;
    this.ctx.events.record(pod, type, reason, message, { component: 'kubelet', host: this.nodeName }, container ? `spec.containers{${container}}` : undefined);
  }

  reserveIp(ip: string): void {
    if (ip.startsWith(`10.244.${this.index}.`)) this.usedIps.add(Number(ip.split('.')[3]));
  }

  allocateIp(): string {
    for (let i = 0; i < 253; i++) {
      const n = 2 + ((this.nextIp - 2 + i) % 253);
      if (!this.usedIps.has(n)) {
        this.usedIps.add(n);
        this.nextIp = n + 1;
        return `10.244.${this.index}.${n}`;
      }
    }
    return '';
  }

  releaseIp(ip: string): void {
    if (!ip.startsWith(`10.244.${this.index}.`)) return;
    const n = Number(ip.split('.')[3]);
    this.usedIps.delete(n);
  }

  // ---- failure injection ------------------------------------------------------------------

  powerOff(): void {
    this.alive = false;
    this.bootId++;
    for (const sb of this.sandboxes.values()) for (const c of sb.containers) c.epoch++;
    this.sandboxes.clear();
    this.usedIps.clear();
    this.dirty.clear();
  }

  powerOn(): void {
    if (this.alive) return;
    this.alive = true;
    this.bootId++;
    this.lastReport = -Infinity;
    this.start(3000);
  }

  partition(): void {
    this.connected = false;
  }

  heal(): void {
    if (this.connected) return;
    this.connected = true;
    if (!this.alive) return;
    this.reportNodeStatus(true);
    this.resync();
  }
}

import { computePodStatus } from './status';
function computeStatus(k: Kubelet, sb: Sandbox, pod: Pod): Pod['status'] {
  return computePodStatus(pod, sb, k.hostIP, k.ctx.clock);
}
