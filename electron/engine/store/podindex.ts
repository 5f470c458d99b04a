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

export class PodIndex {
  private byController = new Map<string, Map<string, PodFacts>>();

  /** The pods whose controller reference has this uid. Live view: iterate it before the next write. */
  ofController(uid: string): ReadonlyMap<string, PodFacts> {
    return this.byController.get(uid) ?? NONE;
  }

  add(obj: KubeObject): void {
    const owner = controllerUid(obj);
    if (owner === undefined) return;
    let pods = this.byController.get(owner);
    if (!pods) this.byController.set(owner, (pods = new Map()));
    pods.set(obj.metadata.uid!, facts(obj as Pod));
  }

  remove(obj: KubeObject): void {
    const owner = controllerUid(obj);
    if (owner === undefined) return;
    const pods = this.byController.get(owner);
    if (!pods) return;
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
