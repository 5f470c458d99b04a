/**
 * The ReplicaSet controller (pkg/controller/replicaset): claims matching pods (adopting orphans,
 * releasing pods that stopped matching), creates missing pods in slow-start batches (1, 2, 4, ...),
 * deletes surplus pods in upstream's ranking order, and writes status only when it changed.
 */
import type { KubeObject, Pod, ReplicaSet } from '../../../shared/k8s/objects';
import { labelSelectorMatches, matchesSelector, selectorFromLabelSelector } from '../../../shared/k8s/labels';
import type { Reason } from '../../../shared/sim/cause';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { clone, deepEqual } from '../util/objects';
import { controllerOf, isPodActive, isPodAvailable, isPodReady, ownerRefFor, podCondition, podPhase } from './podutil';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';
import { BURST_REPLICAS, SlowStartCreator } from './slowstart';
import type { PodFacts } from '../store/podindex';

const CAUSE: Cause = { actor: 'controller', name: 'replicaset-controller' };
/** Reused for every status write, so the event log interns it without building a key. */
const STATUS_CAUSE: Cause = { ...CAUSE, detail: 'status', reason: { code: 'ObservedStatus' } };
const SOURCE = { component: 'replicaset-controller' };

export class ReplicaSetController {
  readonly queue: WorkQueue;
  private creator: SlowStartCreator;

  constructor(private ctx: EngineContext) {
    const onError = syncErrorHandler(ctx, 'replicaset-controller', 'ReplicaSet');
    this.queue = new WorkQueue(ctx.clock, 10, (key) => this.sync(key), onError);
    this.creator = new SlowStartCreator(
      ctx.clock,
      (key) => this.queue.add(key),
      (key, e) => {
        onError(key, e);
        this.queue.addRateLimited(key);
      },
    );
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
    const store = this.ctx.store;
    const rs = store.get('ReplicaSet', ns, name) as ReplicaSet | undefined;
    if (!rs) return;
    const rvBefore = store.currentResourceVersion();
    const pods = this.claimPods(rs);
    // Creations still in flight: expectations not yet satisfied, so only the status is synced.
    if (!rs.metadata.deletionTimestamp && !this.creator.pending(key)) this.manageReplicas(pods, rs);
    const fresh = (store.get('ReplicaSet', ns, name) as ReplicaSet | undefined) ?? rs;
    // Nothing was written since the claim: the owned active pods are exactly those already found.
    const unchanged = store.currentResourceVersion() === rvBefore;
    const claimed = unchanged ? pods : this.ownedActivePods(fresh);
    const status = this.calculateStatus(fresh, claimed);
    // The status is built fresh here and never touched again: a trusted write skips the
    // defensive copies and template validation that API clients' writes need.
    if (!deepEqual(status, fresh.status)) store.update('ReplicaSet', { ...fresh, status }, STATUS_CAUSE, { subresource: 'status', trusted: true });
    const minReady = fresh.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) this.queue.addAfter(key, minReady * 1000);
  }

  /** Active pods whose controller is `rs` (no claim, no selector check). */
  private ownedActivePods(rs: ReplicaSet): PodFacts[] {
    const out: PodFacts[] = [];
    for (const f of this.ctx.store.podsOfController(rs.metadata.uid!).values()) if (f.active) out.push(f);
    return out;
  }

  /**
   * ClaimPods: adopt matching orphans, release owned pods that no longer match. Returns the claimed
   * pods that are active (what manageReplicas and the status count).
   */
  private claimPods(rs: ReplicaSet): PodFacts[] {
    const owned: PodFacts[] = [];
    const uid = rs.metadata.uid!;
    const selector = selectorFromLabelSelector(rs.spec.selector);
    let release: Pod[] | undefined;
    // Owned pods share interned labels objects: match each distinct one once.
    let lastLabels: Record<string, string> | undefined | null = null;
    let lastMatch = false;
    for (const f of this.ctx.store.podsOfController(uid).values()) {
      if (f.labels !== lastLabels) {
        lastLabels = f.labels;
        lastMatch = matchesSelector(selector, lastLabels);
      }
      if (lastMatch) {
        if (f.active) owned.push(f);
      } else if (!f.deleting) (release ??= []).push(f.pod);
    }
    // Writes after the walk: they change the index being walked.
    for (const pod of release ?? []) {
      this.ctx.store.update('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) } }, { ...CAUSE, detail: 'release', reason: { code: 'Released', owner: { kind: 'ReplicaSet', name: rs.metadata.name } } });
    }
    if (!rs.metadata.deletionTimestamp) {
      for (const pod of this.ctx.store.orphans('Pod', rs.metadata.namespace ?? 'default') as Pod[]) {
        if (controllerOf(pod) || pod.metadata.deletionTimestamp || !isPodActive(pod)) continue;
        if (!matchesSelector(selector, pod.metadata.labels)) continue;
        const adopted = this.ctx.store.update('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), ownerRefFor(rs)] } }, { ...CAUSE, detail: 'adopt', reason: { code: 'Adopted', owner: { kind: 'ReplicaSet', name: rs.metadata.name } } }) as Pod;
        const f = this.ctx.store.podsOfController(uid).get(adopted.metadata.uid!);
        if (f?.active) owned.push(f);
      }
    }
    return owned;
  }

  private manageReplicas(pods: PodFacts[], rs: ReplicaSet): void {
    const want = rs.spec.replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) {
      // slowStartBatch of at most burstReplicas, spread over clock tasks (slowstart.ts). One cause
      // for the whole batch: the count this sync found.
      const key = `${rs.metadata.namespace}/${rs.metadata.name}`;
      const cause: Cause = { ...CAUSE, detail: `create pod for ${rs.metadata.name}`, reason: { code: 'ReplicaSetMissingPods', replicaSet: rs.metadata.name, want, have: pods.length } };
      this.creator.start(key, -diff, () => {
        const current = this.ctx.store.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name) as ReplicaSet | undefined;
        if (!current || current.metadata.uid !== rs.metadata.uid || current.metadata.deletionTimestamp) return 'gone';
        return this.createPod(current, cause) ? 'created' : 'failed';
      });
    } else if (diff > 0) {
      const reason: Reason = { code: 'ReplicaSetExcessPods', replicaSet: rs.metadata.name, want, have: pods.length };
      for (const pod of this.podsToDelete(pods.map((f) => f.pod), rs, Math.min(diff, BURST_REPLICAS))) {
        try {
          this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { ...CAUSE, detail: `scale down ${rs.metadata.name}`, reason });
          this.ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
        } catch (e) {
          if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
        }
      }
    }
  }

  private createPod(rs: ReplicaSet, cause: Cause): boolean {
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
      const created = this.ctx.store.create('Pod', pod, cause);
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
    const onNode = new Map<string, number>();
    for (const f of this.relatedPods(rs)) {
      const n = f.nodeName;
      if (n && f.active) onNode.set(n, (onNode.get(n) ?? 0) + 1);
    }
    const now = this.ctx.clock.now();
    // Sort keys computed once per pod (timestamps parsed once, not per comparison).
    const ranked = pods.map((p) => deletionKeys(p, p.spec.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0));
    ranked.sort((a, b) => compareDeletionKeys(a, b, now));
    return ranked.slice(0, diff).map((x) => x.pod);
  }

  /** Pods controlled by any ReplicaSet with the same controller (getIndirectlyRelatedPods). */
  private *relatedPods(rs: ReplicaSet): Iterable<PodFacts> {
    const owner = controllerOf(rs);
    const sets = owner ? this.ctx.store.dependents(owner.uid).filter((o) => o.kind === 'ReplicaSet') : [rs];
    for (const s of sets) yield* this.ctx.store.podsOfController(s.metadata.uid!).values();
  }

  private calculateStatus(rs: ReplicaSet, pods: PodFacts[]): ReplicaSet['status'] {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const templateLabels = rs.spec.template.metadata?.labels ?? {};
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    const wanted = Object.entries(templateLabels);
    // Pods of one ReplicaSet share an interned labels object: check each distinct one once.
    let lastLabels: Record<string, string> | undefined | null = null;
    let lastMatch = false;
    for (let i = 0; i < pods.length; i++) {
      const f = pods[i]!;
      const labels = f.labels;
      if (labels !== lastLabels) {
        lastLabels = labels;
        lastMatch = wanted.every(([k, v]) => labels?.[k] === v);
      }
      if (lastMatch) fullyLabeled++;
      if (f.ready) {
        ready++;
        if (minReady <= 0 || isPodAvailable(f.pod, minReady, this.ctx.clock)) available++;
      }
    }
    // Shallow: nested status fields are shared with the stored object and never mutated.
    const status: ReplicaSet['status'] = { ...(rs.status ?? { replicas: 0 }), replicas: pods.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 1 };
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) if (status[k] === 0) delete status[k];
    return status;
  }
}

/** Date.parse with memory: a scale-down ranks every pod, and their stamps repeat (only compared with each other). */
const stamps = new Map<string, number>();
function parseStamp(stamp: string | undefined): number {
  if (stamp === undefined) return NaN;
  let t = stamps.get(stamp);
  if (t === undefined) {
    if (stamps.size >= 10_000) stamps.clear();
    stamps.set(stamp, (t = Date.parse(stamp)));
  }
  return t;
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
    readySince: ready ? parseStamp(podCondition(p, 'Ready')?.lastTransitionTime) : NaN,
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
