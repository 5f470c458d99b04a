/**
 * The ReplicaSet controller (pkg/controller/replicaset): claims matching pods (adopting orphans,
 * releasing pods that stopped matching), creates missing pods in slow-start batches (1, 2, 4, ...),
 * deletes surplus pods in upstream's ranking order, and writes status only when it changed.
 */
import type { KubeObject, Pod, ReplicaSet } from '../../../shared/k8s/objects';
import { labelSelectorMatches, matchesSelector, selectorFromLabelSelector } from '../../../shared/k8s/labels';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { parseTime } from '../clock/clock';
import { clone, deepEqual } from '../util/objects';
import { controllerOf, isPodActive, isPodAvailable, isPodReady, ownerRefFor, podCondition, podPhase } from './podutil';
import { WorkQueue } from './workqueue';

const CAUSE: Cause = { actor: 'controller', name: 'replicaset-controller' };
const SOURCE = { component: 'replicaset-controller' };
const BURST_REPLICAS = 500;

export class ReplicaSetController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 10, (key) => this.sync(key));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'ReplicaSet') this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      else if (o.kind === 'Pod') {
        const ref = controllerOf(o) ?? (c.old && controllerOf(c.old));
        if (ref?.kind === 'ReplicaSet') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
        else if (!ref && c.type !== 'DELETED') {
          for (const rs of ctx.store.all('ReplicaSet', o.metadata.namespace) as ReplicaSet[]) {
            if (labelSelectorMatches(rs.spec.selector, o.metadata.labels)) this.queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
          }
        }
      }
    });
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const rs = this.ctx.store.get('ReplicaSet', ns, name) as ReplicaSet | undefined;
    if (!rs) return;
    const rvBefore = this.ctx.store.currentResourceVersion();
    const pods = this.claimPods(rs).filter(isPodActive);
    if (!rs.metadata.deletionTimestamp) this.manageReplicas(pods, rs);
    const fresh = (this.ctx.store.get('ReplicaSet', ns, name) as ReplicaSet | undefined) ?? rs;
    // Nothing was written since the claim: the owned active pods are exactly those already found.
    const unchanged = this.ctx.store.currentResourceVersion() === rvBefore;
    const claimed = unchanged ? pods : this.claimPodsQuiet(fresh).filter(isPodActive);
    const status = this.calculateStatus(fresh, claimed);
    if (!deepEqual(status, fresh.status)) this.ctx.store.update('ReplicaSet', { ...fresh, status }, { ...CAUSE, detail: 'status' }, { subresource: 'status' });
    const minReady = fresh.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) this.queue.addAfter(key, minReady * 1000);
  }

  private claimPodsQuiet(rs: ReplicaSet): Pod[] {
    return this.ctx.store.dependents(rs.metadata.uid!).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === rs.metadata.uid) as Pod[];
  }

  /** ClaimPods: adopt matching orphans, release owned pods that no longer match. */
  private claimPods(rs: ReplicaSet): Pod[] {
    const owned: Pod[] = [];
    const selector = selectorFromLabelSelector(rs.spec.selector);
    // Owned pods share interned labels objects: match each distinct one once.
    let lastLabels: Record<string, string> | undefined | null = null;
    let lastMatch = false;
    for (const pod of this.claimPodsQuiet(rs)) {
      if (pod.metadata.labels !== lastLabels) {
        lastLabels = pod.metadata.labels;
        lastMatch = matchesSelector(selector, lastLabels);
      }
      if (lastMatch) owned.push(pod);
      else if (!pod.metadata.deletionTimestamp) {
        this.ctx.store.update('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid) } }, { ...CAUSE, detail: 'release' });
      }
    }
    if (!rs.metadata.deletionTimestamp) {
      for (const pod of this.ctx.store.orphans('Pod', rs.metadata.namespace ?? 'default') as Pod[]) {
        if (controllerOf(pod) || pod.metadata.deletionTimestamp || !isPodActive(pod)) continue;
        if (!matchesSelector(selector, pod.metadata.labels)) continue;
        owned.push(this.ctx.store.update('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), ownerRefFor(rs)] } }, { ...CAUSE, detail: 'adopt' }) as Pod);
      }
    }
    return owned;
  }

  private manageReplicas(pods: Pod[], rs: ReplicaSet): void {
    const want = rs.spec.replicas ?? 1;
    let diff = pods.length - want;
    if (diff < 0) {
      diff = Math.min(-diff, BURST_REPLICAS);
      // slowStartBatch: 1, 2, 4, ... stopping at the first batch with a failure.
      let remaining = diff;
      let batch = 1;
      while (remaining > 0) {
        const size = Math.min(batch, remaining);
        let failed = false;
        for (let i = 0; i < size; i++) {
          if (!this.createPod(rs)) failed = true;
        }
        if (failed) return;
        remaining -= size;
        batch *= 2;
      }
    } else if (diff > 0) {
      for (const pod of this.podsToDelete(pods, rs, Math.min(diff, BURST_REPLICAS))) {
        try {
          this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { ...CAUSE, detail: `scale down ${rs.metadata.name}` });
          this.ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
        } catch (e) {
          if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
        }
      }
    }
  }

  private createPod(rs: ReplicaSet): boolean {
    const template = clone(rs.spec.template);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRefFor(rs)],
      },
      spec: template.spec,
      status: {},
    };
    try {
      const created = this.ctx.store.create('Pod', pod, { ...CAUSE, detail: `create pod for ${rs.metadata.name}` });
      this.ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
      return true;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.ctx.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${e.status.message ?? ''}`, SOURCE);
      return false;
    }
  }

  /** getPodsToDelete with ActivePodsWithRanks ordering (controller_utils.go). */
  private podsToDelete(pods: Pod[], rs: ReplicaSet, diff: number): Pod[] {
    if (diff >= pods.length) return pods;
    const related = this.relatedPods(rs);
    const onNode = new Map<string, number>();
    for (const p of related) {
      const n = p.spec.nodeName;
      if (n && isPodActive(p)) onNode.set(n, (onNode.get(n) ?? 0) + 1);
    }
    const now = this.ctx.clock.now();
    // Sort keys computed once per pod (timestamps parsed once, not per comparison).
    const ranked = pods.map((p) => deletionKeys(p, p.spec.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0));
    ranked.sort((a, b) => compareDeletionKeys(a, b, now));
    return ranked.slice(0, diff).map((x) => x.pod);
  }

  /** Pods of every ReplicaSet with the same controller (siblings in a Deployment). */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    const sets = owner ? this.ctx.store.dependents(owner.uid).filter((o) => o.kind === 'ReplicaSet') : [rs];
    return sets.flatMap((s) => this.ctx.store.dependents(s.metadata.uid!).filter((o) => o.kind === 'Pod')) as Pod[];
  }

  private calculateStatus(rs: ReplicaSet, pods: Pod[]): ReplicaSet['status'] {
    const now = this.ctx.clock.now();
    const minReady = rs.spec.minReadySeconds ?? 0;
    const templateLabels = rs.spec.template.metadata?.labels ?? {};
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    const wanted = Object.entries(templateLabels);
    // Pods of one ReplicaSet share an interned labels object: check each distinct one once.
    let lastLabels: Record<string, string> | undefined | null = null;
    let lastMatch = false;
    for (const p of pods) {
      const labels = p.metadata.labels;
      if (labels !== lastLabels) {
        lastLabels = labels;
        lastMatch = wanted.every(([k, v]) => labels?.[k] === v);
      }
      if (lastMatch) fullyLabeled++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
    }
    const status: ReplicaSet['status'] = { ...clone(rs.status ?? { replicas: 0 }), replicas: pods.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 1 };
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) if (status[k] === 0) delete status[k];
    return status;
  }
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** ActivePodsWithRanks.Less: which pod goes first when scaling down. */
export function comparePodsForDeletion(a: Pod, rankA: number, b: Pod, rankB: number, now: number): number {
  return compareDeletionKeys(deletionKeys(a, rankA), deletionKeys(b, rankB), now);
}

/** The inputs of comparePodsForDeletion for one pod, precomputed. */
interface DeletionKeys {
  pod: Pod;
  rank: number;
  assigned: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  readySince: number;
  restarts: number;
  created: string;
  name: string;
}

function deletionKeys(p: Pod, rank: number): DeletionKeys {
  const ready = isPodReady(p);
  return {
    pod: p,
    rank,
    assigned: !!p.spec.nodeName,
    phase: PHASE_ORDER[podPhase(p)] ?? 3,
    ready,
    cost: Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0),
    readySince: ready ? parseTime(podCondition(p, 'Ready')?.lastTransitionTime) : NaN,
    restarts: Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount)),
    created: p.metadata.creationTimestamp ?? '',
    name: p.metadata.name,
  };
}

/** comparePodsForDeletion over precomputed keys: the same comparisons in the same order. */
function compareDeletionKeys(a: DeletionKeys, b: DeletionKeys, now: number): number {
  if (a.assigned !== b.assigned) return a.assigned ? 1 : -1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.ready && b.ready && a.readySince !== b.readySince) return b.readySince - a.readySince; // ready for less time first
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  if (a.created !== b.created) return a.created < b.created ? 1 : -1; // newer first
  void now;
  return a.name < b.name ? -1 : 1;
}

export function isOwnedPod(o: KubeObject): boolean {
  return o.kind === 'Pod' && !!controllerOf(o);
}
