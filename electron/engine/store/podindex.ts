/**
 * Pods by controller uid, each with the few facts that the ReplicaSet controller's sync and the
 * scheduler's default topology spreading read (labels, node, active, deleting, Ready): upstream's
 * informer indexer by controller reference. Those walk a ReplicaSet's pods on every sync; walking
 * these compact records instead of the pod objects scattered over a 150k-pod heap is what keeps a
 * sync cheap. Order follows the store's dependents index (a modified pod moves to the end).
 */
import type { KubeObject, Pod } from '../../../shared/k8s/objects';

export interface PodFacts {
  readonly pod: Pod;
  readonly labels: Record<string, string> | undefined;
  readonly nodeName: string | undefined;
  /** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
  readonly active: boolean;
  readonly deleting: boolean;
  /** The Ready condition is True. */
  readonly ready: boolean;
}

const NONE: ReadonlyMap<string, PodFacts> = new Map();

/** Bound, not-deleting pods of one controller on one node with one (interned) labels object. */
export interface BoundCount {
  readonly nodeName: string;
  readonly labels: Record<string, string> | undefined;
  count: number;
}

export class PodIndex {
  private byController = new Map<string, Map<string, PodFacts>>();
  /**
   * Controller uid -> node -> labels -> count: what default topology spreading counts, kept as pods
   * change so that a scheduling cycle reads one entry per node instead of walking every pod of a
   * 100k-replica ReplicaSet (quadratic over a scale-up otherwise).
   */
  private bound = new Map<string, Map<string, Map<Record<string, string> | undefined, BoundCount>>>();

  /** The controller's bound pods, counted per (node, labels). */
  boundOfController(uid: string): BoundCount[] {
    const out: BoundCount[] = [];
    for (const byLabels of this.bound.get(uid)?.values() ?? []) for (const c of byLabels.values()) out.push(c);
    return out;
  }

  private count(owner: string, f: PodFacts, delta: number): void {
    if (!f.nodeName || f.deleting) return;
    let byNode = this.bound.get(owner);
    if (!byNode) this.bound.set(owner, (byNode = new Map()));
    let byLabels = byNode.get(f.nodeName);
    if (!byLabels) byNode.set(f.nodeName, (byLabels = new Map()));
    let c = byLabels.get(f.labels);
    if (!c) byLabels.set(f.labels, (c = { nodeName: f.nodeName, labels: f.labels, count: 0 }));
    c.count += delta;
    if (c.count > 0) return;
    byLabels.delete(f.labels);
    if (byLabels.size === 0) byNode.delete(f.nodeName);
    if (byNode.size === 0) this.bound.delete(owner);
  }

  /** The pods whose controller reference has this uid. Live view: iterate it before the next write. */
  ofController(uid: string): ReadonlyMap<string, PodFacts> {
    return this.byController.get(uid) ?? NONE;
  }

  add(obj: KubeObject): void {
    const owner = controllerUid(obj);
    if (owner === undefined) return;
    let pods = this.byController.get(owner);
    if (!pods) this.byController.set(owner, (pods = new Map()));
    const previous = pods.get(obj.metadata.uid!);
    if (previous) this.count(owner, previous, -1);
    const f = facts(obj as Pod);
    pods.set(obj.metadata.uid!, f);
    this.count(owner, f, 1);
  }

  remove(obj: KubeObject): void {
    const owner = controllerUid(obj);
    if (owner === undefined) return;
    const pods = this.byController.get(owner);
    if (!pods) return;
    const previous = pods.get(obj.metadata.uid!);
    if (previous) this.count(owner, previous, -1);
    pods.delete(obj.metadata.uid!);
    if (pods.size === 0) this.byController.delete(owner);
  }
}

function controllerUid(obj: KubeObject): string | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i]!.controller) return refs[i]!.uid;
  return undefined;
}

function facts(pod: Pod): PodFacts {
  const phase = pod.status?.phase;
  const deleting = !!pod.metadata.deletionTimestamp;
  let ready = false;
  const conditions = pod.status?.conditions;
  if (conditions) {
    for (let i = 0; i < conditions.length; i++) {
      if (conditions[i]!.type === 'Ready') {
        ready = conditions[i]!.status === 'True';
        break;
      }
    }
  }
  return { pod, labels: pod.metadata.labels, nodeName: pod.spec?.nodeName, active: phase !== 'Succeeded' && phase !== 'Failed' && !deleting, deleting, ready };
}
