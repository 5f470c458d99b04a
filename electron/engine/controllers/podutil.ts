/**
 * Pod and owner helpers shared by controllers (k8s.io/kubernetes/pkg/api/v1/pod and
 * pkg/controller's controller_utils): readiness, availability after minReadySeconds, activity, and
 * controller references.
 */
import type { Condition, KubeObject, OwnerReference, Pod } from '../../../shared/k8s/objects';
import type { TimeBasis } from '../clock/clock';

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  // A plain loop: this runs for every dependent on every controller sync.
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i]!.controller) return refs[i];
  return undefined;
}

export function podCondition(pod: KubeObject, type: string): Condition | undefined {
  return ((pod as Pod).status?.conditions ?? []).find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds at the clock's now. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, clock: TimeBasis): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = clock.virtualOf(c.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= clock.now();
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod as Pod).status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function podPhase(pod: KubeObject): string {
  return (pod as Pod).status?.phase ?? 'Pending';
}

export function ownerRefFor(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
