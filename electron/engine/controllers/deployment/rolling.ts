/**
 * RollingUpdate (pkg/controller/deployment/rolling.go). One sync scales the new ReplicaSet up as far
 * as maxSurge allows and returns if that changed anything; otherwise it scales old ReplicaSets down
 * as far as maxUnavailable allows (unhealthy replicas first). The worked example in rolling.go
 * (10 replicas, maxSurge 3, maxUnavailable 2) is reproduced in rolling.test.ts.
 */
import type { Deployment, ReplicaSet } from '../../../../shared/k8s/objects';
import { byCreation } from '../podutil';
import type { DeploymentController } from './controller';
import { syncRolloutStatus } from './progress';
import { deploymentComplete, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas, sumAvailable, sumSpec } from './util';
import { calculateStatus } from './progress';

export function rolloutRolling(dc: DeploymentController, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = dc.getAllReplicaSets(d, rsList, true);
  let current = newRS!;
  const all = (): ReplicaSet[] => [...oldRSs, current];

  const [scaledUp, rsAfter] = reconcileNewReplicaSet(dc, all(), current, d);
  current = rsAfter;
  if (scaledUp) return syncRolloutStatus(dc, all(), current, d);

  const scaledDown = reconcileOldReplicaSets(dc, all(), oldRSs, current, d);
  if (scaledDown) return syncRolloutStatus(dc, all(), current, d);

  const fresh = dc.reload(d);
  if (deploymentComplete(fresh, withZeros(calculateStatus(dc, all(), current, fresh)))) dc.cleanup(oldRSs, fresh);
  syncRolloutStatus(dc, all(), current, d);
}

function withZeros(s: Deployment['status']): Deployment['status'] {
  return { ...s, replicas: s.replicas ?? 0, updatedReplicas: s.updatedReplicas ?? 0, readyReplicas: s.readyReplicas ?? 0, availableReplicas: s.availableReplicas ?? 0 };
}

function reconcileNewReplicaSet(dc: DeploymentController, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): [boolean, ReplicaSet] {
  const replicas = replicasOf(d);
  if (specReplicas(newRS) === replicas) return [false, newRS];
  if (specReplicas(newRS) > replicas) return dc.scaleReplicaSet(newRS, replicas, d, 'rolling', true);
  return dc.scaleReplicaSet(newRS, newRSNewReplicas(d, allRSs, newRS), d, 'rolling', true);
}

function reconcileOldReplicaSets(dc: DeploymentController, allRSs: ReplicaSet[], oldRSsAll: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
  let oldRSs = oldRSsAll.filter((rs) => specReplicas(rs) > 0);
  const oldPods = sumSpec(oldRSs);
  if (oldPods === 0) return false;
  const allPods = sumSpec(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  const [cleaned, cleanupCount] = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  oldRSs = cleaned;
  const scaledDownCount = scaleDownOldForRollingUpdate(dc, [...oldRSs, newRS], oldRSs, d);
  return cleanupCount + scaledDownCount > 0;
}

/** Scales down old replicas that are not available, oldest ReplicaSet first. */
function cleanupUnhealthyReplicas(dc: DeploymentController, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): [ReplicaSet[], number] {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  const out: ReplicaSet[] = [];
  for (const rs of sorted) {
    if (total >= maxCleanup || specReplicas(rs) === 0 || specReplicas(rs) === (rs.status?.availableReplicas ?? 0)) {
      out.push(rs);
      continue;
    }
    const count = Math.min(maxCleanup - total, specReplicas(rs) - (rs.status?.availableReplicas ?? 0));
    const [, updated] = dc.scaleReplicaSet(rs, specReplicas(rs) - count, d, 'rolling', false);
    total += count;
    out.push(updated);
  }
  return [out, total];
}

/** Scales down available old replicas while keeping minAvailable, oldest ReplicaSet first. */
function scaleDownOldForRollingUpdate(dc: DeploymentController, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return 0;
  const totalToScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= totalToScaleDown) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), totalToScaleDown - total);
    dc.scaleReplicaSet(rs, specReplicas(rs) - count, d, 'rolling', false);
    total += count;
  }
  return total;
}
