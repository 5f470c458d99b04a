/**
 * Recreate (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to zero, wait until
 * no old pod is running, then create or scale up the new one.
 */
import type { Deployment, ReplicaSet } from '../../../../shared/k8s/objects';
import { controllerOf, podPhase } from '../podutil';
import type { DeploymentController } from './controller';
import { calculateStatus, syncRolloutStatus } from './progress';
import { deploymentComplete, replicasOf, specReplicas } from './util';

export function rolloutRecreate(dc: DeploymentController, d: Deployment, rsList: ReplicaSet[]): void {
  let { newRS, oldRSs } = dc.getAllReplicaSets(d, rsList, false);
  const all = (): ReplicaSet[] => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  oldRSs = oldRSs.map((rs) => {
    if (specReplicas(rs) === 0) return rs;
    const [scaled, updated] = dc.scaleReplicaSet(rs, 0, d, 'recreate', false);
    scaledDown ||= scaled;
    return updated;
  });
  if (scaledDown) return syncRolloutStatus(dc, all(), newRS, d);
  if (oldPodsRunning(dc, newRS, oldRSs)) return syncRolloutStatus(dc, all(), newRS, d);
  if (!newRS) ({ newRS, oldRSs } = dc.getAllReplicaSets(dc.reload(d), rsList, true));
  if (newRS && specReplicas(newRS) !== replicasOf(d)) {
    const [scaled, updated] = dc.scaleReplicaSet(newRS, replicasOf(d), d, 'recreate', true);
    newRS = updated;
    if (scaled) return syncRolloutStatus(dc, all(), newRS, d);
  }
  const fresh = dc.reload(d);
  const s = calculateStatus(dc, all(), newRS, fresh);
  if (deploymentComplete(fresh, { ...s, replicas: s.replicas ?? 0, updatedReplicas: s.updatedReplicas ?? 0, availableReplicas: s.availableReplicas ?? 0 })) dc.cleanup(oldRSs, fresh);
  syncRolloutStatus(dc, all(), newRS, d);
}

function oldPodsRunning(dc: DeploymentController, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  for (const rs of oldRSs) {
    for (const pod of dc.ctx.store.dependents(rs.metadata.uid!)) {
      if (pod.kind !== 'Pod' || !oldUids.has(controllerOf(pod)?.uid ?? '')) continue;
      const phase = podPhase(pod);
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      if (phase === 'Pending' && !(pod.spec as { nodeName?: string }).nodeName) continue;
      return true;
    }
  }
  void newRS;
  return false;
}
