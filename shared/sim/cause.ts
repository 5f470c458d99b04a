/**
 * Why a change happened, carried with the change from the store's commit to every screen: who acted,
 * the reason in a typed code with the numbers that decided it, and the change or API request that
 * led to it. The renderer turns a reason into learner words through its message catalogs; nothing
 * downstream re-derives a cause by matching names or counts.
 */

/** Which part of the system acted. */
export type CauseActor = 'user' | 'controller' | 'scheduler' | 'kubelet' | 'failure' | 'system' | 'apiserver';

/** A taint as a reason names it. */
export interface TaintRef {
  key: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  value?: string;
}

/** How many nodes one Filter plugin removed, and the reason it gave (its first reason, as upstream's status). */
export interface FilterOutcome {
  plugin: string;
  nodes: number;
  reason: string;
}

/**
 * The typed reasons. Parameters are the numbers and names the acting component used, so that an
 * explanation can show the arithmetic (a rollout round) or the evidence (a missed heartbeat).
 */
export type Reason =
  /** A user's (or client's) API request; `command` is kubectl's own (its kubectl-command header). */
  | { code: 'ApiRequest'; verb: string; resource: string; command?: string; userAgent?: string }
  /**
   * The Deployment controller made the ReplicaSet for a new pod template, with `replicas` pods,
   * when no older ReplicaSet had pods to replace (a new Deployment). During a rollout the creation
   * is the rollout's first round: RolloutRound or RecreateRound with `revision` set.
   */
  | { code: 'NewReplicaSet'; deployment: string; revision: number; replicas: number }
  /**
   * One round of a RollingUpdate (pkg/controller/deployment/rolling.go): maxSurge and maxUnavailable
   * as written and as resolved against `replicas` (percentages of surge round up, of unavailable
   * round down), the resulting bounds, and the ReplicaSet scaled from `from` to `to`.
   */
  | {
      code: 'RolloutRound';
      deployment: string;
      replicas: number;
      maxSurge: string | number;
      maxUnavailable: string | number;
      surge: number;
      unavailable: number;
      /** replicas + surge: the most pods that may exist. */
      maxTotal: number;
      /** replicas - unavailable: the fewest that must stay available. */
      minAvailable: number;
      replicaSet: string;
      newReplicaSet: boolean;
      from: number;
      to: number;
      /** Set when this round created the new ReplicaSet (from 0): its revision. */
      revision?: number;
    }
  /** Recreate: every old pod goes first, then the new ReplicaSet scales up (`revision` when this created it). */
  | { code: 'RecreateRound'; deployment: string; replicaSet: string; newReplicaSet: boolean; from: number; to: number; revision?: number }
  /** The user scaled the Deployment: its ReplicaSets follow (proportionally during a rollout). */
  | { code: 'DeploymentScaled'; deployment: string; replicaSet: string; from: number; to: number }
  /** An old ReplicaSet beyond revisionHistoryLimit was removed. */
  | { code: 'RevisionHistoryLimit'; deployment: string; limit: number }
  /**
   * The Deployment's (or a ReplicaSet's) deployment.kubernetes.io/revision annotation moved on: a
   * new rollout, or an old ReplicaSet's template back in use (kubectl rollout undo).
   */
  | { code: 'RevisionUpdated'; deployment: string; revision: number; replicaSet?: string }
  /** The Deployment's annotations or minReadySeconds copied onto its current ReplicaSet (revision unchanged). */
  | { code: 'ReplicaSetSynced'; deployment: string; replicaSet: string }
  /** A controller took an orphan whose labels match its selector (its ownerReference added). */
  | { code: 'Adopted'; owner: { kind: string; name: string } }
  /** A controller let go of an object whose labels stopped matching its selector (its ownerReference removed). */
  | { code: 'Released'; owner: { kind: string; name: string } }
  /** A controller (or the kubelet) wrote what it observed into an object's status. */
  | { code: 'ObservedStatus' }
  /** The ReplicaSet controller found fewer pods than spec.replicas and made more (at most 500 at once, in slow-start batches). */
  | { code: 'ReplicaSetMissingPods'; replicaSet: string; want: number; have: number }
  /**
   * The DaemonSet controller (pkg/controller/daemon) created or deleted the daemon pod of one node:
   * `missing` (an eligible node without one), `notEligible` (the node no longer should run it),
   * `duplicate` (more than one on the node), `failed` (a Failed pod is replaced), `outdated` (a
   * rolling update replacing an old-template pod, at most `maxUnavailable` at a time).
   */
  | { code: 'DaemonSetNodePod'; daemonSet: string; node: string; action: 'create' | 'delete'; why: 'missing' | 'notEligible' | 'duplicate' | 'failed' | 'outdated' }
  /** The ReplicaSet controller found more pods than spec.replicas and deleted the extra ones. */
  | { code: 'ReplicaSetExcessPods'; replicaSet: string; want: number; have: number }
  /** The Job controller made pods: `active` running of `parallelism`, `succeeded` of `completions` (pkg/controller/job). */
  | { code: 'JobMissingPods'; job: string; active: number; parallelism: number; succeeded: number; completions?: number; index?: number }
  /** The Job controller ended a Job: Complete, or Failed for `reason` (BackoffLimitExceeded, DeadlineExceeded). */
  | { code: 'JobFinished'; job: string; condition: 'Complete' | 'Failed'; reason: string }
  /** The Job controller deleted a Job's active pods: it failed, or was suspended. */
  | { code: 'JobPodsTerminated'; job: string; reason: string }
  /** The TTL-after-finished controller deleted a Job `ttlSeconds` after it finished. */
  | { code: 'JobTtlExpired'; job: string; ttlSeconds: number }
  /** The CronJob controller made the Job for a scheduled time (`scheduledTime`: wall-clock ISO). */
  | { code: 'CronJobScheduled'; cronJob: string; schedule: string; scheduledTime: string }
  /** The CronJob controller deleted a Job: beyond a history limit, or replaced (concurrencyPolicy Replace). */
  | { code: 'CronJobJobRemoved'; cronJob: string; why: 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit' | 'Replace'; limit?: number }
  /** The scheduler's cycle for a pod: what the Filter plugins removed and why the chosen node won. */
  | {
      code: 'Scheduled';
      node: string;
      totalNodes: number;
      feasibleNodes: number;
      filtered: FilterOutcome[];
      /** Nodes the Filter plugins looked at: upstream stops once it has enough feasible ones (percentageOfNodesToScore). */
      evaluatedNodes?: number;
      /** The winner's weighted total; absent when only one node was feasible (upstream skips Score then). */
      score?: number;
      /** The next-best node and its score, when there was one. */
      runnerUp?: { node: string; score: number };
      /** The score plugin that contributed most to the winner's lead. */
      decidingPlugin?: string;
    }
  | { code: 'Unschedulable'; totalNodes: number; filtered: FilterOutcome[]; message: string }
  /** A plugin failed with an error (not a verdict): PodScheduled=False with reason SchedulerError. */
  | { code: 'SchedulerError'; message: string }
  /**
   * The node lifecycle controller heard nothing from the kubelet for longer than the grace period
   * (node-monitor-grace-period: 50 s since 1.32, kubernetes/kubernetes#126287; 40 s before) and
   * set the node's conditions to Unknown. `lastHeartbeat` is the virtual ms of the last lease
   * renewal or node status heartbeat it saw.
   */
  | { code: 'NodeHeartbeatMissed'; node: string; lastHeartbeat: number; gracePeriodSeconds: number }
  /**
   * Taints added to (or removed from) a node because of its Ready condition or spec.unschedulable;
   * `removed` when the same write also took others away (not-ready replaced by unreachable).
   */
  | { code: 'NodeTainted'; node: string; taints: TaintRef[]; removed?: TaintRef[] }
  | { code: 'NodeUntainted'; node: string; taints: TaintRef[] }
  /**
   * A pod did not tolerate a NoExecute taint (no tolerationSeconds), or its tolerationSeconds ran
   * out: evicted. `taintedAt` is the virtual ms of the taint's timeAdded; `defaultToleration` when
   * the toleration is the one the DefaultTolerationSeconds admission plugin adds (300 s).
   */
  | { code: 'TaintEviction'; node: string; taint: TaintRef; tolerationSeconds?: number; taintedAt: number; defaultToleration?: boolean }
  /** The node lifecycle controller marked the pods of an unreachable node not ready. */
  | { code: 'NodePodsNotReady'; node: string }
  /**
   * The garbage collector removed a dependent whose owner is gone, or whose owner is being deleted
   * in the foreground (propagation Foreground), or orphaned it (propagation Orphan: ownerReferences
   * removed, the object kept).
   */
  | { code: 'OwnerGone'; owner: { kind: string; name: string; uid: string }; propagation?: 'Background' | 'Foreground' | 'Orphan' }
  /** The garbage collector removed an owner's foregroundDeletion or orphan finalizer: its dependents are dealt with. */
  | { code: 'FinalizerRemoved'; finalizer: string }
  /** The pod garbage collector removed a pod bound to a node that no longer exists. */
  | { code: 'PodOfDeletedNode'; node: string }
  /**
   * A kubelet stage for a pod or container: what happened on the node. `admitted`: the pod was
   * accepted and its sandbox is being made; `configError`: CreateContainerConfigError;
   * `restarting`: waiting in CrashLoopBackOff; `resynced`: the status manager rewrote the status
   * after the kubelet booted or reconnected. `restartCount` on a start that is a restart.
   */
  | {
      code: 'KubeletStage';
      node: string;
      stage: 'admitted' | 'pulling' | 'pulled' | 'pullFailed' | 'configError' | 'started' | 'ready' | 'notReady' | 'exited' | 'restarting' | 'killing' | 'terminated' | 'resynced';
      container?: string;
      restartCount?: number;
    }
  /** The kubelet's heartbeat: its Lease renewed, or its node status reported (or the Node registered). */
  | { code: 'KubeletHeartbeat'; node: string; via: 'lease' | 'nodeStatus' }
  /**
   * A failure the user injected from the view: cordon or drain (the API writes it makes). Power-off
   * and partition write nothing: the control plane only notices the missed heartbeats.
   */
  | { code: 'FailureInjected'; node: string; failure: string }
  /** The user recovered a node from a failure (uncordon after a drain). */
  | { code: 'FailureRecovered'; node: string; failure: string };

export type ReasonCode = Reason['code'];

/** The change (by its frame) or the API request (by its id) that led to this one. */
export interface CauseLink {
  frame?: number;
  request?: string;
}

/** Where a change came from, so every screen can explain each frame. */
export interface Cause {
  actor: CauseActor;
  /** The controller, plugin, kubelet stage or client name, e.g. "deployment-controller", "kubectl". */
  name: string;
  /** A short note for logs and tests; screens use `reason`. */
  detail?: string;
  reason?: Reason;
  by?: CauseLink;
}
