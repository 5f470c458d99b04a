/**
 * One RollingUpdate step of a DaemonSet (pkg/controller/daemon/update.go rollingUpdate): with
 * maxSurge 0, old pods are deleted (the manage loop then creates new ones) while at most
 * maxUnavailable nodes lack an available daemon pod; with maxSurge > 0, a new pod is created beside
 * the old one on up to maxSurge nodes and the old one is deleted once the new one is available.
 */
import type { Pod } from '../../../../shared/k8s/objects';
import type { TimeBasis } from '../../clock/clock';
import { isPodAvailable } from '../podutil';
import type { DaemonView } from './controller';
import { REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL } from './history';

/** util.IsPodUpdated: the pod's template generation or revision hash is the current one. */
export function isPodUpdated(pod: Pod, hash: string, generation: string): boolean {
  const labels = pod.metadata.labels ?? {};
  return labels[TEMPLATE_GENERATION_LABEL] === generation || labels[REVISION_HASH_LABEL] === hash;
}

/** intstr GetScaledValueFromIntOrPercent(value, total, roundUp=true). */
function scaled(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : fallback;
}

/** findUpdatedPodsOnNode: the oldest new and oldest old pod; not ok when either kind has two. */
function updatedOnNode(pods: Pod[], hash: string, generation: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

export interface RollingStep {
  deletePods: Pod[];
  createOn: string[];
}

export function rollingUpdateStep(view: DaemonView, clock: TimeBasis): RollingStep {
  const { ds, hash, generation } = view;
  const ru = ds.spec.updateStrategy?.rollingUpdate ?? {};
  const minReady = ds.spec.minReadySeconds ?? 0;
  let desired = 0;
  for (const e of view.eligible.values()) if (e.shouldRun) desired++;
  // updatedDesiredNodeCounts: both 0 would stall the rollout, so unavailable becomes 1.
  const maxSurge = scaled(ru.maxSurge, desired, 0);
  let maxUnavailable = scaled(ru.maxUnavailable, desired, 1);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const available = (p: Pod) => isPodAvailable(p, minReady, clock);
  const nodes = [...view.podsByNode.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: Pod[] = [];
    const candidates: Pod[] = [];
    for (const node of nodes) {
      if (!view.eligible.get(node)?.shouldContinueRunning) continue;
      const { newPod, oldPod, ok } = updatedOnNode(view.podsByNode.get(node)!, hash, generation);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) allowed.push(oldPod!);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!);
    }
    // Eligible nodes without any daemon pod are unavailable too.
    for (const [node, e] of view.eligible) if (e.shouldRun && !view.podsByNode.has(node)) numUnavailable++;
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { deletePods: [...allowed, ...candidates.slice(0, remaining)], createOn: [] };
  }
  let numSurge = 0;
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  const deletePods: Pod[] = [];
  for (const node of nodes) {
    if (!view.eligible.get(node)?.shouldContinueRunning) continue;
    const { newPod, oldPod, ok } = updatedOnNode(view.podsByNode.get(node)!, hash, generation);
    if (!ok) numSurge++;
    else if (!oldPod) continue;
    else if (!newPod) {
      if (!available(oldPod)) {
        if (view.eligible.get(node)?.shouldRun) allowedNodes.push(node);
      } else if (numSurge < maxSurge) candidateNodes.push(node);
    } else if (!available(newPod)) numSurge++;
    else deletePods.push(oldPod);
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { deletePods, createOn: [...allowedNodes, ...candidateNodes.slice(0, remaining)] };
}
