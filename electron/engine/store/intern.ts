/**
 * Structural sharing for stored objects: equal subtrees that many objects repeat (a ReplicaSet's
 * pods share containers, tolerations, labels, owner references and often conditions) are stored
 * once. Safe because stored objects are never mutated; it keeps a 150k-pod cluster's heap small.
 */
import type { KubeObject } from '../../../shared/k8s/objects';

const MAX_ENTRIES = 200_000;

/**
 * Statuses of started containers carry a unique containerID: interning them would only add a key
 * string per pod to the table (150k of them in a large cluster) and never share anything.
 */
function hasContainerId(statuses: unknown): boolean {
  if (!Array.isArray(statuses)) return false;
  for (const s of statuses as { containerID?: string }[]) if (s?.containerID) return true;
  return false;
}

export class Interner {
  private table = new Map<string, unknown>();

  value<T>(v: T): T {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    const key = JSON.stringify(v);
    const found = this.table.get(key);
    if (found !== undefined) return found as T;
    if (this.table.size >= MAX_ENTRIES) this.table.clear();
    this.table.set(key, v);
    return v;
  }

  /** Replaces the commonly repeated subtrees of `obj` (in place, before it is stored). */
  object(obj: KubeObject, old: KubeObject | undefined): void {
    const meta = obj.metadata;
    if (meta.labels && meta.labels !== old?.metadata.labels) meta.labels = this.value(meta.labels);
    if (meta.ownerReferences && meta.ownerReferences !== old?.metadata.ownerReferences) meta.ownerReferences = this.value(meta.ownerReferences);
    if (obj.kind !== 'Pod') return;
    const spec = obj.spec as Record<string, unknown> | undefined;
    const oldSpec = old?.spec as Record<string, unknown> | undefined;
    if (spec && spec !== oldSpec) {
      for (const k of ['containers', 'tolerations', 'securityContext', 'volumes', 'nodeSelector', 'affinity']) if (spec[k] !== undefined && spec[k] !== oldSpec?.[k]) spec[k] = this.value(spec[k]);
    }
    const status = obj.status as Record<string, unknown> | undefined;
    const oldStatus = old?.status as Record<string, unknown> | undefined;
    if (status && status !== oldStatus) {
      for (const k of ['conditions', 'containerStatuses', 'hostIPs']) if (status[k] !== undefined && status[k] !== oldStatus?.[k] && !(k === 'containerStatuses' && hasContainerId(status[k]))) status[k] = this.value(status[k]);
    }
  }
}
