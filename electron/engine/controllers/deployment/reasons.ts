/**
 * The reasons the Deployment controller gives for its ReplicaSet writes, with the numbers that
 * decided them: a rolling round's surge / unavailability fenceposts (ResolveFenceposts in
 * pkg/controller/deployment/util/deployment_util.go: percentages of maxSurge round up, of
 * maxUnavailable round down, and both 0 makes unavailable 1), a Recreate round, or a scale of the
 * Deployment. Built only when a write happens, so a quiet sync costs nothing.
 */
import type { Deployment, ReplicaSet } from '../../../../shared/k8s/objects';
import type { Reason } from '../../../../shared/sim/cause';
import { isRollingUpdate, maxSurge, maxUnavailable, replicasOf } from './util';

/** Why the controller scales a ReplicaSet: a strategy's round, or the Deployment's own scale (sync.go). */
export type ScaleWhy = 'rolling' | 'recreate' | 'scaled';

/** A ReplicaSet's size change as a typed reason: the round's arithmetic, or the scale it follows. */
export function scaleReason(d: Deployment, rs: ReplicaSet, why: ScaleWhy, isNew: boolean, from: number, to: number, revision?: number): Reason {
  const deployment = d.metadata.name;
  const replicaSet = rs.metadata.name;
  const created = revision !== undefined ? { revision } : {};
  if (why === 'scaled') return { code: 'DeploymentScaled', deployment, replicaSet, from, to };
  if (why === 'recreate') return { code: 'RecreateRound', deployment, replicaSet, newReplicaSet: isNew, from, to, ...created };
  const replicas = replicasOf(d);
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  // The resolved values are the ones rolling.go and NewRSNewReplicas used for this round.
  const surge = maxSurge(d);
  const unavailable = maxUnavailable(d);
  return {
    code: 'RolloutRound',
    deployment,
    replicas,
    maxSurge: ru.maxSurge ?? 0,
    maxUnavailable: ru.maxUnavailable ?? 0,
    surge,
    unavailable,
    maxTotal: replicas + surge,
    minAvailable: replicas - unavailable,
    replicaSet,
    newReplicaSet: isNew,
    from,
    to,
    ...created,
  };
}

/**
 * The reason for creating the new ReplicaSet: the first round of a rollout when older ReplicaSets
 * exist (the rollout's arithmetic decides its first size), else a new Deployment's ReplicaSet.
 */
export function newReplicaSetReason(d: Deployment, rs: ReplicaSet, oldRSs: readonly ReplicaSet[], replicas: number, revision: number): Reason {
  if (oldRSs.length === 0) return { code: 'NewReplicaSet', deployment: d.metadata.name, revision, replicas };
  return scaleReason(d, rs, isRollingUpdate(d) ? 'rolling' : 'recreate', true, 0, replicas, revision);
}
