/**
 * Deployment status and the Progressing/Available conditions (sync.go calculateStatus and
 * progress.go syncRolloutStatus), including the progress-deadline requeue.
 */
import type { Deployment, ReplicaSet } from '../../../../shared/k8s/objects';
import type { DeploymentController } from './controller';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, maxUnavailable, newCondition, NEW_RS_AVAILABLE,
  removeCondition, replicasOf, RS_UPDATED, setCondition, sumActual, sumAvailable, sumReady, sumSpec, TIMED_OUT,
} from './util';

export function calculateStatus(dc: DeploymentController, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): Deployment['status'] {
  const available = sumAvailable(allRSs);
  const total = sumSpec(allRSs);
  // Shallow: setCondition/removeCondition replace the conditions array, never mutate it.
  const status: Deployment['status'] = {
    ...(d.status ?? {}),
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sumActual(allRSs),
    updatedReplicas: sumActual([newRS]),
    readyReplicas: sumReady(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
    // Zero counts are omitted in the JSON form (omitempty).
    if (status[k] === 0) delete status[k];
  }
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', dc.ctx.clock));
  } else {
    setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', dc.ctx.clock));
  }
  return status;
}

function withZeros(s: Deployment['status']): Deployment['status'] {
  return { ...s, replicas: s.replicas ?? 0, updatedReplicas: s.updatedReplicas ?? 0, readyReplicas: s.readyReplicas ?? 0, availableReplicas: s.availableReplicas ?? 0 };
}

export function syncRolloutStatus(dc: DeploymentController, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined, dIn: Deployment): void {
  const d = dc.reload(dIn);
  const status = calculateStatus(dc, allRSs, newRS, d);
  const z = withZeros(status);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(status, 'Progressing');
  const isComplete = z.replicas === z.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name ?? '';
    if (deploymentComplete(d, z)) {
      setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, `ReplicaSet "${rsName}" has successfully progressed.`, dc.ctx.clock));
    } else if (deploymentProgressing(d, z)) {
      const cond = newCondition('Progressing', 'True', RS_UPDATED, `ReplicaSet "${rsName}" is progressing.`, dc.ctx.clock);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, z, dc.ctx.clock)) {
      setCondition(status, newCondition('Progressing', 'False', TIMED_OUT, `ReplicaSet "${rsName}" has timed out progressing.`, dc.ctx.clock));
      dc.record(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${d.metadata.name}" has timed out progressing.`);
    }
  }
  const updated = dc.updateStatus(d, status);
  requeueStuck(dc, updated, z);
}

/** requeueStuckDeployment: check again when the progress deadline would pass. */
function requeueStuck(dc: DeploymentController, d: Deployment, status: Deployment['status']): void {
  const cond = getCondition(d.status ?? {}, 'Progressing');
  if (!cond || cond.status !== 'True' || cond.reason !== RS_UPDATED) return;
  if (deploymentComplete(d, status)) return;
  const after = dc.ctx.clock.virtualOf(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 600) * 1000 - dc.now();
  dc.queue.addAfter(`${d.metadata.namespace}/${d.metadata.name}`, after < 0 ? 0 : after + 1000);
}

/** syncDeploymentStatus: status only (paused, scaling, deleting). */
export function syncDeploymentStatus(dc: DeploymentController, d: Deployment, rsList: ReplicaSet[], newRSIn?: ReplicaSet): void {
  const { newRS, oldRSs } = newRSIn ? { newRS: newRSIn, oldRSs: rsList.filter((r) => r !== newRSIn) } : dc.getAllReplicaSets(d, rsList, false);
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  dc.updateStatus(d, calculateStatus(dc, all, newRS, d));
}
